import pLimit, { type LimitFunction } from "p-limit";

import { CLIENT_DEFAULTS } from "../api/index.js";
import type { ApiProfile, CsmReader } from "../api/types.js";
import type { LiveOrganization } from "../model/live.js";
import { cleanName, nameKey } from "../model/names.js";
import { normalizeProfile } from "./normalize.js";

/** The most ids and names one `POST organization/profile/fetch` takes. */
export const PROFILE_BATCH_SIZE = 25;

/** Options of `readOrganizations`. */
export interface ReadOrganizationsOptions {
  /** Batches in flight at once. @default 8 */
  readonly concurrency?: number;
  /** Share a limiter with other reads (readLive does); overrides `concurrency`. */
  readonly limit?: LimitFunction;
  readonly signal?: AbortSignal;
  /** Called after each batch with the number of ids and names it looked up. */
  readonly onBatch?: (looked: number) => void;
  /** Entitlement detail values are used: one in no known shape fails the read. @default false */
  readonly entitlementDetails?: boolean;
}

/** One lookup: an id, or a name (trimmed). */
type Lookup = { readonly id: string } | { readonly name: string };

/**
 * The organizations with these ids or names that exist on the site, read as profiles in
 * batches of 25 (`ceil((ids + names) / 25)` requests), run concurrently. Names are trimmed
 * and deduplicated case-insensitively; an answer whose name differs from the one asked only
 * in case or surrounding space still matches. Organizations that do not exist are absent.
 */
export async function readOrganizations(
  client: CsmReader,
  query: {
    readonly ids?: readonly string[];
    readonly names?: readonly string[];
  },
  options: ReadOrganizationsOptions = {},
): Promise<LiveOrganization[]> {
  const ids = [...new Set(query.ids ?? [])];
  const names = uniqueNames(query.names ?? []);
  const lookups: Lookup[] = [
    ...ids.map((id) => ({ id })),
    ...names.map((name) => ({ name })),
  ];
  const batches = chunk(lookups, PROFILE_BATCH_SIZE);
  const limit =
    options.limit ?? pLimit(options.concurrency ?? CLIENT_DEFAULTS.concurrency);
  const callOptions =
    options.signal === undefined ? {} : { signal: options.signal };
  const tasks = batches.map((batch) =>
    limit(async () => {
      const organizationIds = batch.flatMap((l) => ("id" in l ? [l.id] : []));
      const organizationNames = batch.flatMap((l) =>
        "name" in l ? [l.name] : [],
      );
      const profiles = await client.fetchProfiles(
        { organizationIds, organizationNames },
        callOptions,
      );
      options.onBatch?.(batch.length);
      return profiles;
    }),
  );
  let answers;
  try {
    answers = await Promise.all(tasks);
  } catch (error) {
    // Start no further batch once one has failed; the batches in flight finish on their own.
    if (options.limit === undefined) limit.clearQueue();
    throw error;
  }

  return keepAsked(answers, ids, names, options.entitlementDetails ?? false);
}

/**
 * The profiles, from the answers of one or more fetches, that answer the ids and names asked
 * (an answer whose name differs only in case or surrounding space still matches), once each,
 * normalized (`entitlementDetails`: see `normalizeProfile`).
 */
export function keepAsked(
  answers: readonly (readonly ApiProfile[])[],
  ids: readonly string[],
  names: readonly string[],
  entitlementDetails: boolean,
): LiveOrganization[] {
  const wantedIds = new Set(ids);
  const wantedNames = new Set(names.map(nameKey));
  const found = new Map<string, LiveOrganization>();
  for (const profiles of answers) {
    for (const [index, profile] of profiles.entries()) {
      if (found.has(profile.id)) continue;
      if (!wantedIds.has(profile.id) && !wantedNames.has(nameKey(profile.name)))
        continue;
      const pointer = `/profiles/${index}`;
      found.set(
        profile.id,
        normalizeProfile(profile, { pointer, entitlementDetails }),
      );
    }
  }
  return [...found.values()];
}

/** Trimmed, without blanks, first spelling of each case-insensitive name kept. */
export function uniqueNames(names: Iterable<string>): string[] {
  const byKey = new Map<string, string>();
  for (const name of names) {
    const clean = cleanName(name);
    if (clean !== "" && !byKey.has(nameKey(clean)))
      byKey.set(nameKey(clean), clean);
  }
  return [...byKey.values()];
}

function chunk<T>(items: readonly T[], size: number): T[][] {
  const chunks: T[][] = [];
  for (let i = 0; i < items.length; i += size)
    chunks.push(items.slice(i, i + size));
  return chunks;
}
