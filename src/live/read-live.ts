import pLimit from "p-limit";

import { CLIENT_DEFAULTS } from "../api/index.js";
import type { ServiceDeskReader } from "../api/servicedesk-types.js";
import type { CsmReader } from "../api/types.js";
import type { Desired } from "../model/desired.js";
import type { Live } from "../model/live.js";
import { needsProductList } from "./product-ref.js";
import { readDetailFields } from "./read-detail-fields.js";
import { checkListComplete, readDiscovery } from "./read-listed.js";
import {
  PROFILE_BATCH_SIZE,
  readOrganizations,
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

/** Every name the manifests use for an organization: its name and previous names. */
function desiredOrganizationNames(desired: Desired): string[] {
  return uniqueNames(
    desired.organizations.flatMap((o) => [o.name, ...o.previousNames]),
  );
}

/**
 * The live state a plan needs, in `1 + ceil(N / 25)` requests (+ product pages when a
 * manifest names a product by name), where N is the number of distinct organization names,
 * previous names and ids in the manifests: every detail field (1 request); those organizations'
 * profiles, fetched by name in batches of 25; the product list, only when needed. The
 * requests run concurrently.
 */
export async function readLive(
  client: CsmReader,
  desired: Desired,
  options: ReadLiveOptions = {},
): Promise<Live> {
  const limit = pLimit(options.concurrency ?? CLIENT_DEFAULTS.concurrency);
  const signal = options.signal;
  const names = desiredOrganizationNames(desired);
  // Organizations pinned by id are looked up by id too: found after a rename by hand.
  const ids = desired.organizations.flatMap((o) => (o.id ? [o.id] : []));
  const withProducts = needsProductList(desired);
  let done = 0;
  let total =
    1 +
    Math.ceil((names.length + ids.length) / PROFILE_BATCH_SIZE) +
    (withProducts ? 1 : 0);
  const report = (phase: ReadProgress["phase"]): void => {
    done += 1;
    options.onProgress?.({ done, total, phase });
  };
  const opts = signal === undefined ? {} : { signal };

  try {
    const [fields, named, products, discovery] = await Promise.all([
      limit(async () => {
        const read = await readDetailFields(client, opts);
        report("fields");
        return read;
      }),
      readOrganizations(
        client,
        { names, ids },
        {
          ...opts,
          limit,
          onBatch: () => report("organizations"),
        },
      ),
      withProducts
        ? readProducts(client, {
            ...opts,
            limit,
            onPage: ({ more }) => {
              if (more) total += 1;
              report("products");
            },
          })
        : undefined,
      options.serviceDesk
        ? readDiscovery(client, options.serviceDesk, desired, {
            ...opts,
            limit,
          })
        : undefined,
    ]);
    if (discovery)
      checkListComplete(
        options.serviceDesk?.baseUrl ?? "",
        discovery.listed,
        named,
      );
    const organizations = discovery
      ? [
          ...named,
          ...discovery.profiles.filter(
            (p) => !named.some((n) => n.id === p.id),
          ),
        ]
      : named;
    return {
      fields,
      organizations,
      ...(discovery ? { listed: discovery.listed } : {}),
      ...(products === undefined ? {} : { products }),
    };
  } catch (error) {
    limit.clearQueue();
    throw error;
  }
}
