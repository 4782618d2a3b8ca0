import type { OtherEntity } from "./entity.js";
import type { SourceLocation } from "./source.js";

/**
 * The desired state: what the manifests say, validated and normalised. Names are trimmed,
 * scalar detail values are one-element lists, `Organizations` defaults are merged in, and
 * every object keeps where it was written so plans and drift reports can cite it.
 */
export interface Desired {
  /** The organization detail fields. */
  readonly fields: DesiredFields;
  /**
   * The entitlement and customer detail fields, for the entities the manifests use only
   * (an `entity:` document, or for entitlements also a product with details): their live
   * fields are read only then. Absent: none used.
   */
  readonly entityFields?: Readonly<Partial<Record<OtherEntity, DesiredFields>>>;
  readonly organizations: readonly DesiredOrganization[];
  /**
   * Delete the site's organizations that no manifest declares (apply also needs
   * `--allow-delete`); undefined when no `Organizations` document states it. @default false
   */
  readonly pruneOrganizations?: {
    readonly prune: boolean;
    readonly source: SourceLocation;
  };
}

/** The detail field definitions, merged from every `DetailFields` document. */
export interface DesiredFields {
  /**
   * True when at least one `DetailFields` document was given. When false, fields are not
   * managed at all and detail keys are checked against the live fields instead.
   */
  readonly declared: boolean;
  /** Delete live fields that no document lists (apply also needs `--allow-delete`). @default false */
  readonly prune: boolean;
  readonly items: readonly DesiredField[];
}

/** One detail field definition. */
export interface DesiredField {
  /** Trimmed name. */
  readonly name: string;
  /** A type name from the field-type registry, e.g. `SELECT`. */
  readonly type: string;
  /** The options, in the order given; present only for types with options. */
  readonly options?: readonly string[];
  /** Names the field had before: a live field under one of them is renamed, keeping its values. */
  readonly previousNames: readonly string[];
  /**
   * `absent` deletes the field and every value it holds (apply also needs `--allow-delete`):
   * the one way to remove a predefined field, which `prune` never deletes. @default "present"
   */
  readonly ensure?: "present" | "absent";
  readonly source: SourceLocation;
}

/** One managed detail value of an organization. An empty `values` list clears the field. */
export interface DesiredDetail {
  /** The field name as written in the manifest (trimmed). */
  readonly name: string;
  /** The values, as strings, in the order written. */
  readonly values: readonly string[];
  readonly source: SourceLocation;
}

/** A list the manifest manages, with where it was written. */
export interface DesiredList {
  readonly items: readonly string[];
  readonly source: SourceLocation;
  /** Where each item was written, in the order of `items` (when a manifest wrote them). */
  readonly itemSources?: readonly SourceLocation[];
}

/** One organization, from an `Organization` document or an entry of `Organizations`. */
export interface DesiredOrganization {
  /** Trimmed name. */
  readonly name: string;
  /** The site's id of the organization (digits): it is found by id, and renamed back. */
  readonly id?: string;
  /** Where `id` was written (problems with the id are reported there). */
  readonly idSource?: SourceLocation;
  /** Names the organization had before: a live organization under one of them is renamed. */
  readonly previousNames: readonly string[];
  /** `absent` deletes the organization (apply also needs `--allow-delete`). @default "present" */
  readonly ensure: "present" | "absent";
  /** Only these detail keys are managed; keys not listed are left alone. */
  readonly details: readonly DesiredDetail[];
  /** Product entitlements by product name or id; undefined when products are not managed. */
  readonly products?: DesiredList;
  /** Entitlement detail values of the products that list `details`, in manifest order. */
  readonly productDetails?: readonly DesiredProductDetails[];
  /** Remove live entitlements that `products` does not list. @default false */
  readonly pruneProducts: boolean;
  /** Customer account ids (`qm:…` or Atlassian account ids); undefined when not managed. */
  readonly customers?: DesiredList;
  /** Remove live customers that `customers` does not list (destructive). @default false */
  readonly pruneCustomers?: boolean;
  /**
   * Service desks (keys or ids, compared as written) whose requests the organization may
   * raise; undefined when not managed.
   */
  readonly serviceDesks?: DesiredList;
  /**
   * Remove the organization from the service desks the manifests name that `serviceDesks`
   * does not list (destructive: it revokes access). @default false
   */
  readonly pruneServiceDesks?: boolean;
  readonly source: SourceLocation;
}

/** The entitlement detail values a product entry of an organization lists. */
interface DesiredProductDetails {
  /** The product reference as written (a name or an id), trimmed. */
  readonly product: string;
  /** Only these keys are managed on the entitlement. */
  readonly details: readonly DesiredDetail[];
  readonly source: SourceLocation;
}
