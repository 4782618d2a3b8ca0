import type { Desired } from "../model/desired.js";
import { OTHER_ENTITIES, type OtherEntity } from "../model/entity.js";
import type { Live } from "../model/live.js";
import { planFields, type FieldPlan } from "./plan-fields.js";

/**
 * The field plans of the entities besides organizations that the manifests use, each on its
 * own with the organization rules (`planFields`). The holders of entitlement values are the
 * entitlements of the organizations read; customers are not read, so their counts are unknown.
 */
export function planEntityFields(
  desired: Desired,
  live: Live,
): Partial<Record<OtherEntity, FieldPlan>> {
  const plans: Partial<Record<OtherEntity, FieldPlan>> = {};
  for (const entity of OTHER_ENTITIES) {
    const fields = desired.entityFields?.[entity];
    if (!fields) continue;
    const holders =
      entity === "entitlement"
        ? live.organizations.flatMap((organization) =>
            organization.entitlements.map((e) => ({
              details: e.details ?? [],
            })),
          )
        : [];
    plans[entity] = planFields(
      fields,
      live.entityFields?.[entity] ?? [],
      holders,
      entity,
    );
  }
  return plans;
}
