/**
 * The CSM organization API as orgsync sees it: wire shapes (as documented in
 * ../shared/api/CSM-API.md and the seed reference page) and the client interface that the
 * live reader and the applier depend on. A test can satisfy the interface without HTTP.
 *
 * Every response is checked against the JSON Schemas in `schema/api/` before it is returned,
 * so these types describe data that has been verified, not hoped for.
 */

/** A detail field type as the API writes it. */
export interface ApiFieldType {
  readonly name: string;
  readonly options?: readonly string[];
}

/** `GET organization/details` entries; also the answer of create and edit. */
export interface ApiDetailField {
  readonly name: string;
  readonly type: ApiFieldType;
  readonly configuration?: { readonly position?: number };
}

/** `{ "id", "name" }`: the answer of organization create, rename and fetch. */
export interface ApiOrganizationRef {
  readonly id: string;
  readonly name: string;
}

/** A detail as the plain organization calls write it (`values`). */
export interface ApiOrganizationDetail {
  readonly id?: string;
  readonly name: string;
  readonly type: ApiFieldType;
  readonly values: readonly string[];
  readonly configuration?: { readonly position?: number };
}

/** `GET organization/{id}`. */
export interface ApiOrganization {
  readonly id: string;
  readonly name: string;
  readonly details: readonly ApiOrganizationDetail[];
}

/** A detail as profiles write it (`value.type` and `value.text`). */
interface ApiProfileDetail {
  readonly name: string;
  readonly value: { readonly type: string; readonly text: readonly string[] };
}

/** A product entitlement. */
export interface ApiEntitlement {
  readonly id: string;
  readonly product: { readonly id: string; readonly name: string };
  readonly entitledEntity?: { readonly id: string; readonly type: string };
  readonly details?: readonly unknown[];
}

/** An organization profile: organization, details, entitlements and customers in one. */
export interface ApiProfile {
  readonly id: string;
  readonly name: string;
  readonly details: readonly ApiProfileDetail[];
  readonly entitlements: readonly ApiEntitlement[];
  readonly customers: readonly { readonly id: string }[];
}

/** `POST organization/profile` body. */
export interface ApiCreateProfileBody {
  readonly name: string;
  readonly details: readonly {
    readonly name: string;
    readonly values: readonly string[];
  }[];
  readonly associateCustomers?: { readonly customerIds: readonly string[] };
  readonly associateProducts?: { readonly productIds: readonly string[] };
}

/** A product (shape unconfirmed beyond `id` and `name`). */
export interface ApiProduct {
  readonly id: string;
  readonly name: string;
}

/**
 * One page of `GET product?limit=&cursor=`, as Atlassian's product reference page documents
 * it: the list is `results` (like every other CSM list); `nextPageCursor` is absent or null
 * on the last page.
 */
export interface ApiProductPage {
  readonly results: readonly ApiProduct[];
  readonly nextPageCursor?: string | null;
}

/** Names and ids to look up in one fetch call (50 at most for organizations, 25 for profiles). */
export interface FetchQuery {
  readonly organizationIds?: readonly string[];
  readonly organizationNames?: readonly string[];
}

/** Per-call options every method accepts. */
export interface CallOptions {
  /** Aborts the call (and its retries) when signalled. */
  readonly signal?: AbortSignal;
}

/**
 * One method per endpoint of the CSM organization API. Reads and idempotent writes are
 * retried by the implementation; creates never are (see `UnknownOutcomeError`).
 */
export interface CsmClient {
  /** The API root every path is relative to (ends in `/`). Never carries credentials. */
  readonly baseUrl: string;

  listDetailFields(options?: CallOptions): Promise<ApiDetailField[]>;
  createDetailField(
    field: ApiDetailField,
    options?: CallOptions,
  ): Promise<ApiDetailField>;
  editDetailField(
    fieldName: string,
    edit: { name: string; options?: readonly string[] },
    options?: CallOptions,
  ): Promise<ApiDetailField>;
  deleteDetailField(fieldName: string, options?: CallOptions): Promise<void>;

  createOrganization(
    name: string,
    options?: CallOptions,
  ): Promise<ApiOrganizationRef>;
  getOrganization(
    organizationId: string,
    options?: CallOptions,
  ): Promise<ApiOrganization>;
  renameOrganization(
    organizationId: string,
    name: string,
    options?: CallOptions,
  ): Promise<ApiOrganizationRef>;
  setOrganizationDetail(
    organizationId: string,
    fieldName: string,
    values: readonly string[],
    options?: CallOptions,
  ): Promise<ApiOrganizationDetail>;
  /** At most 50 ids and names in all. Not-found ones are omitted from the answer. */
  fetchOrganizations(
    query: FetchQuery,
    options?: CallOptions,
  ): Promise<ApiOrganizationRef[]>;
  deleteOrganization(
    organizationId: string,
    options?: CallOptions,
  ): Promise<void>;

  getProfile(
    organizationId: string,
    options?: CallOptions,
  ): Promise<ApiProfile>;
  createProfile(
    body: ApiCreateProfileBody,
    options?: CallOptions,
  ): Promise<ApiProfile>;
  /** At most 25 ids and names in all. Not-found ones are omitted from the answer. */
  fetchProfiles(
    query: FetchQuery,
    options?: CallOptions,
  ): Promise<ApiProfile[]>;

  listEntitlements(
    organizationId: string,
    options?: CallOptions,
  ): Promise<ApiEntitlement[]>;
  createEntitlement(
    organizationId: string,
    productId: string,
    options?: CallOptions,
  ): Promise<ApiEntitlement>;
  deleteEntitlement(
    entitlementId: string,
    options?: CallOptions,
  ): Promise<void>;

  listProducts(
    page?: { limit?: number; cursor?: string },
    options?: CallOptions,
  ): Promise<ApiProductPage>;
  createProduct(
    product: { name: string },
    options?: CallOptions,
  ): Promise<ApiProduct>;
}

/**
 * The read half of `CsmClient`. Code typed against it (the live reader, drift, export) cannot
 * change a site, whatever it is handed.
 */
export type CsmReader = Pick<
  CsmClient,
  | "baseUrl"
  | "listDetailFields"
  | "getOrganization"
  | "fetchOrganizations"
  | "getProfile"
  | "fetchProfiles"
  | "listEntitlements"
  | "listProducts"
>;
