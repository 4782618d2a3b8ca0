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
  /** Reads in flight, by what they read: the details of one organization share one. */
  private readonly reading = new Map<string, Promise<string | undefined>>();

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
      readonly productName: string;
    },
    client: CsmClient,
    options: CallOptions,
  ): Promise<string> {
    if (call.entitlementId) return call.entitlementId;
    const name = nameKey(call.organizationName);
    const organizationId =
      call.organizationId ??
      this.organizations.get(name) ??
      (await this.once(`profile\u0000${name}`, async () => {
        const [profile] = await client.fetchProfiles(
          { organizationNames: [call.organizationName] },
          options,
        );
        if (profile) this.profile(profile);
        return profile?.id;
      }));
    const key = `${organizationId}\u0000${idKey(call.productId)}`;
    if (organizationId !== undefined && !this.entitlements.has(key)) {
      await this.once(`entitlements\u0000${organizationId}`, async () => {
        for (const entitlement of await client.listEntitlements(
          organizationId,
          options,
        )) {
          this.entitlement(organizationId, entitlement);
        }
        return undefined;
      });
    }
    const id = this.entitlements.get(key);
    if (id === undefined) {
      throw new OrgsyncError(
        "E_APPLY_ENTITLEMENT",
        `organization ${JSON.stringify(call.organizationName)} has no entitlement to product ${JSON.stringify(call.productName)} to set a detail on`,
        {
          hint: "run `orgsync plan` to see the site as it is now, then apply again",
        },
      );
    }
    return id;
  }

  /** The read in flight under `key`, or `read` started now; forgotten once it settles. */
  private once(
    key: string,
    read: () => Promise<string | undefined>,
  ): Promise<string | undefined> {
    let pending = this.reading.get(key);
    if (!pending) {
      pending = read().finally(() => this.reading.delete(key));
      this.reading.set(key, pending);
    }
    return pending;
  }
}
