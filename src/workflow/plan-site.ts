import type { CsmReader } from "../api/types.js";
import { readLive, type ReadProgress } from "../live/index.js";
import { checkAgainstLiveFields, ManifestError } from "../manifest/index.js";
import type { Desired, Live } from "../model/index.js";
import {
  plan,
  selectChanges,
  unmatchedPatterns,
  type Plan,
} from "../plan/index.js";
import { ORGSYNC_VERSION } from "../version.js";

/** Options of `planSite`. */
export interface PlanSiteOptions {
  /** When the plan is made (the planner reads no clock). */
  readonly now: Date;
  /** Requests in flight at once while reading. @default 8 */
  readonly concurrency?: number;
  /** Only changes whose address matches one of these globs (and their prerequisites). */
  readonly target?: readonly string[];
  /** Leave out changes whose address matches one of these globs. */
  readonly exclude?: readonly string[];
  readonly onProgress?: (progress: ReadProgress) => void;
  readonly signal?: AbortSignal;
}

/** The live state that was read and the plan made from it. */
export interface PlannedSite {
  readonly live: Live;
  /** The plan, restricted to `target` / `exclude` when they were given. */
  readonly plan: Plan;
  /** The `target` / `exclude` globs that match nothing in the whole plan (likely typos). */
  readonly unmatched: readonly string[];
}

/**
 * Reads what the manifests need from the site and plans against it: the `plan`, `apply`
 * and `drift` commands all start here, and so can a program using orgsync as a library.
 * Takes a read-only view of the client: planning never writes.
 *
 * When the manifests declare no detail fields, their detail keys and values can only be
 * checked against the live fields: problems are thrown as a `ManifestError` with located
 * issues, before anything is planned.
 */
export async function planSite(
  client: CsmReader,
  desired: Desired,
  options: PlanSiteOptions,
): Promise<PlannedSite> {
  const live = await readLive(client, desired, {
    ...(options.concurrency === undefined
      ? {}
      : { concurrency: options.concurrency }),
    ...(options.onProgress ? { onProgress: options.onProgress } : {}),
    ...(options.signal ? { signal: options.signal } : {}),
  });
  const issues = checkAgainstLiveFields(desired, live.fields);
  if (issues.length > 0) {
    throw new ManifestError(issues, {
      message: `${issues.length === 1 ? "1 detail value does" : `${issues.length} detail values do`} not fit the site's detail fields; nothing was changed`,
      hint: "declare the fields in a DetailFields document, or fix the keys and values",
    });
  }
  const full = plan(desired, live, {
    now: options.now.toISOString(),
    orgsyncVersion: ORGSYNC_VERSION,
    target: { baseUrl: client.baseUrl },
  });
  const selection = {
    target: options.target ?? [],
    exclude: options.exclude ?? [],
  };
  if (selection.target.length === 0 && selection.exclude.length === 0) {
    return { live, plan: full, unmatched: [] };
  }
  return {
    live,
    plan: selectChanges(full, selection),
    unmatched: unmatchedPatterns(full, selection),
  };
}
