/**
 * The API's answer shapes as the tests read them (written from the seed page, independently of
 * src/api, so the emulator's tests do not lean on the client's understanding).
 */
export interface WireFieldType {
  readonly name: string;
  readonly options?: string[];
}

export interface WireField {
  readonly name: string;
  readonly type: WireFieldType;
  readonly configuration?: { readonly position: number };
}

export interface WireDetail {
  readonly id: string;
  readonly name: string;
  readonly type: WireFieldType;
  readonly values: string[];
}

export interface WireOrganizationRef {
  readonly id: string;
  readonly name: string;
}

export interface WireOrganization extends WireOrganizationRef {
  readonly details: WireDetail[];
}

export interface WireEntitlement {
  readonly id: string;
  readonly product: { readonly id: string; readonly name: string };
  readonly entitledEntity: { readonly id: string; readonly type: string };
  readonly details: unknown[];
}

export interface WireProfile extends WireOrganizationRef {
  readonly details: {
    readonly name: string;
    readonly value: { readonly type: string; readonly text: string[] };
  }[];
  readonly entitlements: WireEntitlement[];
  readonly customers: { readonly id: string }[];
}

export interface WireProductPage {
  readonly products: WireOrganizationRef[];
  readonly nextPageCursor?: string;
}

export interface WireError {
  readonly errorMessages: string[];
  readonly errors: Record<string, string>;
}
