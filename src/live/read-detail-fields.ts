import type { CsmReader, DetailFieldOptions } from "../api/types.js";
import type { Desired } from "../model/desired.js";
import { OTHER_ENTITIES, type OtherEntity } from "../model/entity.js";
import type { LiveField } from "../model/live.js";
import { normalizeDetailField } from "./normalize.js";

/** Every detail field definition of an entity (organizations by default): one request. */
export async function readDetailFields(
  client: CsmReader,
  options: DetailFieldOptions = {},
): Promise<LiveField[]> {
  const fields = await client.listDetailFields(options);
  return fields.map(normalizeDetailField);
}

/** The entities besides organizations whose fields the manifests use. */
export function usedEntities(desired: Desired): OtherEntity[] {
  return OTHER_ENTITIES.filter((entity) => desired.entityFields?.[entity]);
}
