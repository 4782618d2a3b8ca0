/**
 * The API's answer shapes as the tests read them (written from the seed page, independently of
 * src/api, so the emulator's tests do not lean on the client's understanding).
 */
interface WireFieldType {
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

/** A page of `GET product`, as Atlassian's product reference page documents it. */
export interface WireProductPage {
  readonly results: WireOrganizationRef[];
  readonly nextPageCursor?: string | null;
}

/**
 * An error body in the strict dialect: the envelope the CSM API was seen to use
 * (CSM-API.md, "Errors and rate limits"); field errors read `property: message`.
 */
export interface WireError {
  readonly errorMessage: string;
  readonly errors: string[];
  readonly statusCode: number;
}
