import type { LimitFunction } from "p-limit";

import type { CsmReader, DetailFieldOptions } from "../api/types.js";
import type { Desired } from "../model/desired.js";
import { OTHER_ENTITIES, type OtherEntity } from "../model/entity.js";
import type { Live, LiveField } from "../model/live.js";
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

/**
 * The fields of every entity besides organizations that the manifests use: one request per
 * such entity, none when they use none.
 */
export async function readEntityFields(
  client: CsmReader,
  desired: Desired,
  options: {
    readonly signal?: AbortSignal;
    readonly limit: LimitFunction;
    readonly onRead: () => void;
  },
): Promise<Live["entityFields"]> {
  const entities = usedEntities(desired);
  if (entities.length === 0) return undefined;
  const read = await Promise.all(
    entities.map((entity) =>
      options.limit(async () => {
        const fields = await readDetailFields(client, {
          entity,
          ...(options.signal === undefined ? {} : { signal: options.signal }),
        });
        options.onRead();
        return [entity, fields] as const;
      }),
    ),
  );
  return Object.fromEntries(read);
}
