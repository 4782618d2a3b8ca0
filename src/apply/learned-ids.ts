import type { ApiEntitlement, CallOptions, CsmClient } from "../api/types.js";
import { nameKey } from "../model/names.js";
import { idKey } from "../model/product-ref.js";
import { OrgsyncError } from "../util/errors.js";

/**
 * The ids one apply learns from the answers of its creates: an organization's id from its
 * profile create, an entitlement's id from its create (or from the created profile), so that
 * a detail value on a product added in the same apply can be written once its entitlement
 * exists. An answer that was lost (a create settled by a re-read) taught nothing: the ids are
 * then read from the site.
 */
export class LearnedIds {
  private readonly organizations = new Map<string, string>();
  private readonly entitlements = new Map<string, string>();

  /** From the answer of `POST organization/profile`. */
  profile(profile: {
    readonly id: string;
    readonly name: string;
    readonly entitlements: readonly ApiEntitlement[];
  }): void {
    this.organizations.set(nameKey(profile.name), profile.id);
    for (const entitlement of profile.entitlements) {
      this.entitlement(profile.id, entitlement);
    }
  }

  /** From the answer of `POST organization/{id}/entitlement`. */
  entitlement(organizationId: string, entitlement: ApiEntitlement): void {
    this.entitlements.set(
      `${organizationId}\u0000${idKey(entitlement.product.id)}`,
      entitlement.id,
    );
  }

  /** The id of the organization's entitlement to the product: known, learned or re-read. */
  async entitlementId(
    call: {
      readonly entitlementId?: string;
      readonly organizationId?: string;
      readonly organizationName: string;
      readonly productId: string;
    },
    client: CsmClient,
    options: CallOptions,
  ): Promise<string> {
    if (call.entitlementId) return call.entitlementId;
    let organizationId =
      call.organizationId ??
      this.organizations.get(nameKey(call.organizationName));
    if (organizationId === undefined) {
      const [profile] = await client.fetchProfiles(
        { organizationNames: [call.organizationName] },
        options,
      );
      if (profile) this.profile(profile);
      organizationId = profile?.id;
    }
    const key = `${organizationId}\u0000${idKey(call.productId)}`;
    if (organizationId !== undefined && !this.entitlements.has(key)) {
      for (const entitlement of await client.listEntitlements(
        organizationId,
        options,
      )) {
        this.entitlement(organizationId, entitlement);
      }
    }
    const id = this.entitlements.get(key);
    if (id === undefined) {
      throw new OrgsyncError(
        "E_APPLY_ENTITLEMENT",
        `organization ${JSON.stringify(call.organizationName)} has no entitlement to product ${call.productId} to set a detail on`,
        {
          hint: "run `orgsync plan` to see the site as it is now, then apply again",
        },
      );
    }
    return id;
  }
}
