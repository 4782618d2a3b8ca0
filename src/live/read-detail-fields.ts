import type { CsmReader } from "../api/types.js";
import type { LiveField } from "../model/live.js";
import { normalizeDetailField } from "./normalize.js";

/** Every detail field definition on the site: one request. */
export async function readDetailFields(
  client: CsmReader,
  options: { signal?: AbortSignal } = {},
): Promise<LiveField[]> {
  const fields = await client.listDetailFields(
    options.signal === undefined ? {} : { signal: options.signal },
  );
  return fields.map(normalizeDetailField);
}
