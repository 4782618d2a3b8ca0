import type {
  ApiFieldType,
  CallOptions,
  CsmClient,
  DetailFieldOptions,
} from "../api/types.js";
import type { OtherEntity } from "../model/entity.js";
import { sameName } from "../model/names.js";
import { idKey } from "../model/product-ref.js";
import type { ApiCall } from "./types.js";

/** What a re-read found about a write whose outcome is unknown. */
export type MadeState =
  | { readonly state: "made" }
  | { readonly state: "absent" }
  /** Something of that name is there, but not what the call makes. */
  | { readonly state: "conflict"; readonly found: string };

const MADE: MadeState = { state: "made" };
const ABSENT: MadeState = { state: "absent" };

/**
 * Re-reads the site to learn whether a create (or a field edit) whose answer was lost took
 * effect: the field by name, the profile by name, the organization's entitlements. One read
 * call. Returns undefined for calls that are safe to repeat and need no re-read.
 */
export async function findMade(
  call: ApiCall,
  client: CsmClient,
  options: CallOptions,
): Promise<MadeState | undefined> {
  switch (call.kind) {
    case "createDetailField": {
      const fields = await client.listDetailFields(withEntity(call, options));
      const found = fields.find((field) =>
        sameName(field.name, call.field.name),
      );
      if (!found) return ABSENT;
      return sameFieldType(found.type, call.field.type)
        ? MADE
        : {
            state: "conflict",
            found: `a field ${JSON.stringify(found.name)} of type ${found.type.name}`,
          };
    }
    case "editDetailField": {
      const fields = await client.listDetailFields(withEntity(call, options));
      const found = fields.find((field) =>
        sameName(field.name, call.edit.name),
      );
      if (!found) return ABSENT;
      return call.edit.options === undefined ||
        sameOptions(found.type.options, call.edit.options)
        ? MADE
        : {
            state: "conflict",
            found: `a field ${JSON.stringify(found.name)} with options ${JSON.stringify(found.type.options ?? [])}`,
          };
    }
    case "createProfile": {
      const profiles = await client.fetchProfiles(
        { organizationNames: [call.body.name] },
        options,
      );
      // The name is the identity: once an organization of that name exists, re-sending would
      // fail or duplicate, so it counts as made.
      return profiles.some((profile) => sameName(profile.name, call.body.name))
        ? MADE
        : ABSENT;
    }
    case "createEntitlement": {
      const entitlements = await client.listEntitlements(
        call.organizationId,
        options,
      );
      return entitlements.some(
        (entitlement) =>
          idKey(entitlement.product.id) === idKey(call.productId),
      )
        ? MADE
        : ABSENT;
    }
    default:
      return undefined;
  }
}

/** The options of a detail field call, for the call's entity. */
export function withEntity(
  call: { readonly entity?: OtherEntity },
  options: CallOptions,
): DetailFieldOptions {
  return call.entity === undefined
    ? options
    : { ...options, entity: call.entity };
}

function sameFieldType(live: ApiFieldType, wanted: ApiFieldType): boolean {
  return (
    live.name === wanted.name &&
    (wanted.options === undefined || sameOptions(live.options, wanted.options))
  );
}

function sameOptions(
  live: readonly string[] | undefined,
  wanted: readonly string[],
): boolean {
  // As sets: a site may keep options in its own order, and that is not a different field.
  const have = new Set(live ?? []);
  return (
    have.size === new Set(wanted).size &&
    wanted.every((option) => have.has(option))
  );
}
