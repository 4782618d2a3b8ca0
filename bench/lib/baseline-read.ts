/**
 * The baseline: what a hand-written script (or Terraform's generic REST provider) does to
 * read N organizations. It knows the API only resource by resource: it reads the field
 * list, resolves names to ids 50 at a time (`POST organization/fetch`), then GETs each
 * organization's profile on its own (`GET organization/profile/{id}`), 10 requests at a
 * time. Plain `fetch`, no retries, no schema checks: the cheapest such script can be.
 */

/** What the baseline read, and how many requests it took. */
export interface BaselineRead {
  readonly organizations: number;
  readonly requests: number;
  readonly wallMs: number;
}

/** Requests in flight at once, as such scripts usually run. */
export const BASELINE_PARALLELISM = 10;
/** Names per `POST organization/fetch`, the API's maximum. */
const NAMES_PER_LOOKUP = 50;

/** Requests the baseline sends for `n` organizations. */
export function baselineRequests(n: number): number {
  return 1 + Math.ceil(n / NAMES_PER_LOOKUP) + n;
}

/** Runs `work` over `items`, `width` at a time, keeping the results in order. */
async function inParallel<T, R>(
  items: readonly T[],
  width: number,
  work: (item: T) => Promise<R>,
): Promise<R[]> {
  const results: R[] = new Array<R>(items.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const index = next++;
      results[index] = await work(items[index]!);
    }
  };
  await Promise.all(
    Array.from({ length: Math.min(width, items.length) }, worker),
  );
  return results;
}

/** Reads every named organization's profile, one GET each. */
export async function baselineRead(
  baseUrl: string,
  names: readonly string[],
  token: string,
): Promise<BaselineRead> {
  const headers = {
    authorization: `Bearer ${token}`,
    accept: "application/json",
    "content-type": "application/json",
    "x-experimentalapi": "opt-in",
  };
  let requests = 0;
  const call = async (path: string, body?: unknown): Promise<unknown> => {
    requests++;
    const response = await fetch(new URL(path, baseUrl), {
      method: body === undefined ? "GET" : "POST",
      headers,
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    if (!response.ok) throw new Error(`${path} answered ${response.status}`);
    return response.json();
  };

  const started = performance.now();
  await call("organization/details");
  const lookups: string[][] = [];
  for (let i = 0; i < names.length; i += NAMES_PER_LOOKUP)
    lookups.push(names.slice(i, i + NAMES_PER_LOOKUP));
  const found = await inParallel(
    lookups,
    BASELINE_PARALLELISM,
    async (batch) =>
      (await call("organization/fetch", {
        organizationIds: [],
        organizationNames: batch,
      })) as { organizations: { id: string }[] },
  );
  const ids = found.flatMap((answer) => answer.organizations.map((o) => o.id));
  const profiles = await inParallel(ids, BASELINE_PARALLELISM, (id) =>
    call(`organization/profile/${encodeURIComponent(id)}`),
  );
  return {
    organizations: profiles.length,
    requests,
    wallMs: performance.now() - started,
  };
}
