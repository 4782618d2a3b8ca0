import pLimit from "p-limit";

import { CLIENT_DEFAULTS } from "../api/index.js";
import type { ServiceDeskReader } from "../api/servicedesk-types.js";
import type { ApiProfile, CsmReader } from "../api/types.js";
import type { Desired } from "../model/desired.js";
import type { Live } from "../model/live.js";
import { cleanName, nameKey } from "../model/names.js";
import { needsProductList } from "./product-ref.js";
import { readDetailFields, usedEntities } from "./read-detail-fields.js";
import { checkListComplete, readDiscovery } from "./read-listed.js";
import {
  keepAsked,
  PROFILE_BATCH_SIZE,
  uniqueNames,
} from "./read-organizations.js";
import { readProducts } from "./read-products.js";

/** Progress of a read, in requests. `total` grows while product pages keep coming. */
export interface ReadProgress {
  readonly done: number;
  readonly total: number;
  /** What the request that just finished read: `fields`, `organizations` or `products`. */
  readonly phase: "fields" | "organizations" | "products";
}

/** Options of `readLive`. */
export interface ReadLiveOptions {
  /** Requests in flight at once (the client's gate may lower it further). @default 8 */
  readonly concurrency?: number;
  readonly onProgress?: (progress: ReadProgress) => void;
  readonly signal?: AbortSignal;
  /**
   * Lists every organization through it (`Live.listed`), for `--show-unmanaged` and
   * `pruneOrganizations`; without it no service desk call is made.
   */
  readonly serviceDesk?: ServiceDeskReader;
}

/** What `LiveRead.finish` takes besides the manifests. */
export type FinishOptions = Pick<ReadLiveOptions, "onProgress" | "serviceDesk">;

/** Every name the manifests use for an organization: its name and previous names. */
function desiredOrganizationNames(desired: Desired): string[] {
  return uniqueNames(
    desired.organizations.flatMap((o) => [o.name, ...o.previousNames]),
  );
}

/**
 * The live state a plan needs, in `1 + ceil(N / 25)` requests (+ product pages when a
 * manifest names a product by name, + 1 per entity besides organizations whose fields the
 * manifests use), where N is the number of distinct organization names,
 * previous names and ids in the manifests: every detail field (1 request); those
 * organizations' profiles, fetched by name or id in batches of 25 (their entitlements' detail values come with
 * them); the product list, only
 * when needed. The requests run concurrently.
 */
export async function readLive(
  client: CsmReader,
  desired: Desired,
  options: ReadLiveOptions = {},
): Promise<Live> {
  return startLiveRead(client, options).finish(desired, options);
}

/**
 * A read of the live state that starts before the manifests are known, so that reading the
 * site overlaps loading them (`startLiveRead`).
 */
export interface LiveRead {
  /**
   * Organization names (and ids pinned by `id`) the manifests use, as they become known:
   * their profiles are fetched 25 a call as soon as a batch is full (batches may span files).
   */
  addNames(names: Iterable<string>, ids?: Iterable<string>): void;
  /** A manifest problem was found: abort the reads in flight and start no other. */
  abandon(): void;
  /**
   * The manifests are loaded: reads what is still missing (the last names, the products) and
   * returns what `readLive` returns for `desired`.
   */
  finish(desired: Desired, options?: FinishOptions): Promise<Live>;
}

/**
 * Starts the reads that need nothing from the manifests at once, and profile batches as
 * `addNames` fills them. `client` may still be connecting. Sends exactly the requests
 * `readLive` sends for the same manifests when the names come in the manifests' order.
 */
export function startLiveRead(
  client: CsmReader | PromiseLike<CsmReader>,
  options: Omit<ReadLiveOptions, keyof FinishOptions> = {},
): LiveRead {
  const limit = pLimit({
    concurrency: options.concurrency ?? CLIENT_DEFAULTS.concurrency,
    rejectOnClear: true,
  });
  const abandoned = new AbortController();
  const signal =
    options.signal === undefined
      ? abandoned.signal
      : AbortSignal.any([options.signal, abandoned.signal]);
  const connected = Promise.resolve(client);
  let done = 0;
  let total = 0;
  let onProgress: ((progress: ReadProgress) => void) | undefined;
  const report = (phase: ReadProgress["phase"]): void => {
    done += 1;
    onProgress?.({ done, total, phase });
  };
  const read = <T>(
    phase: ReadProgress["phase"],
    call: (reader: CsmReader, opts: { signal: AbortSignal }) => Promise<T>,
  ): Promise<T> => {
    total += 1;
    const result = limit(async () => {
      const answer = await call(await connected, { signal });
      report(phase);
      return answer;
    });
    // Awaited by finish; an abandoned read's rejection is expected and dropped.
    result.catch(() => undefined);
    return result;
  };

  // The reads that need nothing from the manifests: one line each, started at once.
  const independent = {
    fields: read("fields", readDetailFields),
  };

  const asked = new Set<string>();
  let pending: Lookup[] = [];
  const batches: Promise<ApiProfile[]>[] = [];
  const flush = (): void => {
    const batch = pending;
    pending = [];
    const organizationIds = batch.flatMap((l) => ("id" in l ? [l.id] : []));
    const organizationNames = batch.flatMap((l) =>
      "name" in l ? [l.name] : [],
    );
    batches.push(
      read("organizations", (reader, opts) =>
        reader.fetchProfiles({ organizationIds, organizationNames }, opts),
      ),
    );
  };
  const ask = (key: string, lookup: Lookup): void => {
    if (asked.has(key)) return;
    asked.add(key);
    pending.push(lookup);
    if (pending.length === PROFILE_BATCH_SIZE) flush();
  };
  const addNames = (
    names: Iterable<string>,
    ids: Iterable<string> = [],
  ): void => {
    if (signal.aborted) return;
    for (const id of ids) ask(`id:${id}`, { id });
    for (const name of names) {
      const clean = cleanName(name);
      if (clean !== "") ask(`name:${nameKey(clean)}`, { name: clean });
    }
  };

  return {
    addNames,
    abandon() {
      abandoned.abort();
      limit.clearQueue();
    },
    async finish(desired, finishOptions = {}) {
      onProgress = finishOptions.onProgress;
      const names = desiredOrganizationNames(desired);
      // Organizations pinned by id are looked up by id too: found after a rename by hand.
      const ids = desired.organizations.flatMap((o) => (o.id ? [o.id] : []));
      addNames(names, ids);
      if (pending.length > 0) flush();
      const withProducts = needsProductList(desired);
      if (withProducts) total += 1;
      const serviceDesk = finishOptions.serviceDesk;
      try {
        const reader = await connected;
        // One more field list per entity besides organizations whose fields are used.
        const entityReads = usedEntities(desired).map((entity) =>
          read("fields", (r, opts) =>
            readDetailFields(r, { entity, ...opts }),
          ).then((fields) => [entity, fields] as const),
        );
        const [fixed, profiles, products, discovery, entityFields] =
          await Promise.all([
            settle(independent),
            Promise.all(batches),
            withProducts
              ? readProducts(reader, {
                  signal,
                  limit,
                  onPage: ({ more }) => {
                    if (more) total += 1;
                    report("products");
                  },
                })
              : undefined,
            serviceDesk
              ? readDiscovery(reader, serviceDesk, desired, { signal, limit })
              : undefined,
            entityReads.length === 0
              ? undefined
              : Promise.all(entityReads).then(
                  (pairs) => Object.fromEntries(pairs) as Live["entityFields"],
                ),
          ]);
        const named = keepAsked(
          profiles,
          ids,
          names,
          usedEntities(desired).includes("entitlement"),
        );
        if (discovery)
          checkListComplete(
            serviceDesk?.baseUrl ?? "",
            discovery.listed,
            named,
          );
        const namedIds = new Set(named.map((n) => n.id));
        const organizations = discovery
          ? [...named, ...discovery.profiles.filter((p) => !namedIds.has(p.id))]
          : named;
        return {
          ...fixed,
          organizations,
          ...(discovery ? { listed: discovery.listed } : {}),
          ...(products === undefined ? {} : { products }),
          ...(entityFields === undefined ? {} : { entityFields }),
        };
      } catch (error) {
        limit.clearQueue();
        throw error;
      }
    },
  };
}

/** One profile lookup: an id, or a name (trimmed). */
type Lookup = { readonly id: string } | { readonly name: string };

/** Each read's answer, under its name. */
async function settle<T extends Record<string, Promise<unknown>>>(
  reads: T,
): Promise<{ [K in keyof T]: Awaited<T[K]> }> {
  const entries = await Promise.all(
    Object.entries(reads).map(async ([key, value]) => [key, await value]),
  );
  return Object.fromEntries(entries) as { [K in keyof T]: Awaited<T[K]> };
}
