import type { CsmClient } from "../api/types.js";
import { OrgsyncError } from "../model/index.js";

/** The methods of `CsmClient` that only read. */
export const READ_METHODS = [
  "listDetailFields",
  "getOrganization",
  "fetchOrganizations",
  "getProfile",
  "fetchProfiles",
  "listEntitlements",
  "listProducts",
] as const;

/** The read half of `CsmClient`: a value of this type has no method that can change a site. */
export type CsmReader = Pick<
  CsmClient,
  "baseUrl" | (typeof READ_METHODS)[number]
>;

/**
 * A view of a client that holds its read methods and nothing else: the write methods do not
 * exist on it, at compile time or at run time, so code handed this view (drift, export)
 * cannot change the site however it is written.
 */
export function readOnlyClient(client: CsmReader): CsmReader {
  return Object.freeze({
    baseUrl: client.baseUrl,
    listDetailFields: client.listDetailFields.bind(client),
    getOrganization: client.getOrganization.bind(client),
    fetchOrganizations: client.fetchOrganizations.bind(client),
    getProfile: client.getProfile.bind(client),
    fetchProfiles: client.fetchProfiles.bind(client),
    listEntitlements: client.listEntitlements.bind(client),
    listProducts: client.listProducts.bind(client),
  });
}

/** A write was attempted through a read-only client: a bug in orgsync, never a user mistake. */
export class ReadOnlyViolationError extends OrgsyncError {
  /** The client method that was called. */
  readonly method: string;

  constructor(method: string) {
    super(
      "E_READ_ONLY",
      `drift is read-only: ${method} was called, and refused before any request was sent`,
      { hint: "this is a bug in orgsync; please report it" },
    );
    this.method = method;
  }
}

const refuse = (method: string) => (): Promise<never> =>
  Promise.reject(new ReadOnlyViolationError(method));

/**
 * A full `CsmClient` made from a reader, for functions typed wider than they need (the live
 * reader takes a `CsmClient` but only reads): its write methods throw
 * `ReadOnlyViolationError` without sending anything.
 */
export function refusingWrites(reader: CsmReader): CsmClient {
  return Object.freeze({
    ...readOnlyClient(reader),
    createDetailField: refuse("createDetailField"),
    editDetailField: refuse("editDetailField"),
    deleteDetailField: refuse("deleteDetailField"),
    createOrganization: refuse("createOrganization"),
    renameOrganization: refuse("renameOrganization"),
    setOrganizationDetail: refuse("setOrganizationDetail"),
    deleteOrganization: refuse("deleteOrganization"),
    createProfile: refuse("createProfile"),
    createEntitlement: refuse("createEntitlement"),
    deleteEntitlement: refuse("deleteEntitlement"),
    createProduct: refuse("createProduct"),
  });
}
