import type { OtherEntity } from "./entity.js";

/**
 * The live state: what the site holds, as read through the API and normalised. Only the
 * objects a plan needs are read (the API cannot list every organization).
 */
export interface Live {
  /** The organization detail fields. */
  readonly fields: readonly LiveField[];
  /** The entitlement and customer detail fields, read only for the entities the manifests use. */
  readonly entityFields?: Readonly<
    Partial<Record<OtherEntity, readonly LiveField[]>>
  >;
  /** The organizations the manifests name, by name or previous name, that exist on the site. */
  readonly organizations: readonly LiveOrganization[];
  /** The site's products; undefined when no manifest names a product by name, so none were read. */
  readonly products?: readonly LiveProduct[];
  /**
   * The service desks the manifests name, with the organizations linked to each; undefined
   * when no manifest names a service desk, so none were read.
   */
  readonly serviceDesks?: readonly LiveServiceDesk[];
  /**
   * Every organization on the site, as the service desk API lists them; undefined unless a
   * feature asked for it (`--show-unmanaged`, `pruneOrganizations`).
   */
  readonly listed?: readonly ListedOrganization[];
  /** Ids SCIM manages, asked one by one when nothing was listed (see `scimOfRenames`). */
  readonly scimManaged?: readonly string[];
}

/** An organization as the service desk API lists it. */
export interface ListedOrganization {
  readonly id: string;
  readonly name: string;
  /** SCIM owns it: orgsync never renames or deletes it. */
  readonly scimManaged?: boolean;
}

/** A detail field definition on the site. */
export interface LiveField {
  readonly name: string;
  /** The API's type name; may be a type the registry does not know. */
  readonly type: string;
  /** Options in the order the site keeps them; present for types with options. */
  readonly options?: readonly string[];
  readonly position?: number;
}

/** One detail value an organization holds. Fields with no value are absent from the list. */
export interface LiveDetail {
  readonly name: string;
  readonly type: string;
  readonly values: readonly string[];
}

/** A product entitlement of an organization. */
export interface LiveEntitlement {
  readonly id: string;
  readonly productId: string;
  readonly productName: string;
  /** Its detail values (from the profile); absent when the answer listed none. */
  readonly details?: readonly LiveDetail[];
}

/** An organization profile on the site. */
export interface LiveOrganization {
  readonly id: string;
  readonly name: string;
  readonly details: readonly LiveDetail[];
  readonly entitlements: readonly LiveEntitlement[];
  /** Customer ids. */
  readonly customers: readonly string[];
}

/** A product that organizations can be entitled to. */
export interface LiveProduct {
  readonly id: string;
  readonly name: string;
}

/** A service desk a manifest names, and the organizations that can raise requests there. */
export interface LiveServiceDesk {
  /** The key or id, as the manifests wrote it. */
  readonly ref: string;
  /** False when the site answered 404: no service desk has this key or id. */
  readonly found: boolean;
  readonly organizationIds: readonly string[];
}
