import { badRequest } from "../api-error.js";
import { bodyObject, stringArray } from "../body-checks.js";

/**
 * The body of the two fetch calls: `organizationIds` and `organizationNames`, both optional,
 * at most `max` in all (50 organizations, 25 profiles); more is a 400, as on the real API.
 */
export function readFetchQuery(
  body: unknown,
  max: number,
  what: string,
): { ids: string[]; names: string[] } {
  const object = bodyObject(body);
  const ids = stringArray(object, "organizationIds") ?? [];
  const names = stringArray(object, "organizationNames") ?? [];
  const total = ids.length + names.length;
  if (total > max) {
    throw badRequest(
      `At most ${max} ${what} can be fetched at once; this request asks for ${total}. Split it into batches of ${max}.`,
    );
  }
  return { ids, names };
}
