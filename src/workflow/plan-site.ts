import type {
  ServiceDeskReadAccess,
  ServiceDeskReader,
} from "../api/servicedesk-types.js";
import type { CsmReader } from "../api/types.js";
import {
  readServiceDesks,
  serviceDesksNamed,
  startLiveRead,
  type LiveRead,
  type ReadProgress,
  type ServiceDeskSource,
} from "../live/index.js";
import {
  checkAgainstLiveFields,
  issueAtSource,
  ManifestError,
  plural,
  type ManifestIssue,
} from "../manifest/index.js";
import type { Desired, Live } from "../model/index.js";
import {
  plan,
  PlanInputError,
  selectChanges,
  unmatchedPatterns,
  type Plan,
  type PlanInputProblem,
  type PlanOptions,
} from "../plan/index.js";
import { UsageError } from "../util/errors.js";
import { ORGSYNC_VERSION } from "../version.js";
import { scimOfRenames } from "./scim-renames.js";

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
  /**
   * The service desk API, read only when a manifest names a service desk (`serviceDesks`):
   * one paged list per service desk named.
   */
  readonly serviceDeskLinks?: ServiceDeskSource;
  /**
   * The read of the site already started while the manifests loaded (`startLiveRead`);
   * `concurrency` and `signal` were given to it. @default a read started here
   */
  readonly reading?: LiveRead;
  /** Lists every organization through it: see `ReadLiveOptions.serviceDesk`. */
  readonly serviceDesk?: ServiceDeskReader;
  /** The service desk API root, recorded in the plan's target (`Connection.serviceDesk`). */
  readonly serviceDeskBaseUrl?: string | undefined;
  /** Asked whether SCIM manages an organization the plan renames (`scimOfRenames`). */
  readonly scimCheck?: ServiceDeskReadAccess;
}

/** The live state that was read and the plan made from it. */
export interface PlannedSite {
  readonly live: Live;
  /** The plan, restricted to `target` / `exclude` when they were given. */
  readonly plan: Plan;
  /** The `target` / `exclude` globs that match nothing in the whole plan (likely typos). */
  readonly unmatched: readonly string[];
  /** What the plan could not check (SCIM before a rename), for the caller to show. */
  readonly warnings: readonly string[];
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
  const reading =
    options.reading ??
    startLiveRead(client, {
      ...(options.concurrency === undefined
        ? {}
        : { concurrency: options.concurrency }),
      ...(options.signal ? { signal: options.signal } : {}),
    });
  const [csm, serviceDesks] = await Promise.all([
    reading.finish(desired, {
      ...(options.onProgress ? { onProgress: options.onProgress } : {}),
      ...(options.serviceDesk ? { serviceDesk: options.serviceDesk } : {}),
    }),
    readNamedServiceDesks(desired, options),
  ]);
  const read: Live = serviceDesks ? { ...csm, serviceDesks } : csm;
  const planOptions = {
    now: options.now.toISOString(),
    orgsyncVersion: ORGSYNC_VERSION,
    target: {
      baseUrl: client.baseUrl,
      ...(options.serviceDeskBaseUrl === undefined
        ? {}
        : { serviceDeskBaseUrl: options.serviceDeskBaseUrl }),
    },
  };
  const issues = checkAgainstLiveFields(
    desired,
    read.fields,
    read.entityFields?.entitlement,
  );
  if (issues.length > 0) {
    // Every problem in one pass: the rest of the manifests is still planned, without the
    // details (each bad one is reported already), for the products and names that do not fit.
    const rest = planProblemsWithoutDetails(desired, read, planOptions);
    throw new ManifestError([...issues, ...rest], {
      message: `${issues.length === 1 ? "1 detail value does" : `${issues.length} detail values do`} not fit the site's detail fields${rest.length > 0 ? ` and ${plural(rest.length, "more problem")} with the site` : ""}; nothing was changed`,
      hint: "fix the keys and values (or declare the fields in a DetailFields document) and run `orgsync plan` again",
    });
  }
  const { live, full, warnings } = await planCheckingScim(
    desired,
    read,
    planOptions,
    options,
  );
  const selection = {
    target: options.target ?? [],
    exclude: options.exclude ?? [],
  };
  if (selection.target.length === 0 && selection.exclude.length === 0) {
    return { live, plan: full, unmatched: [], warnings };
  }
  return {
    live,
    plan: selectChanges(full, selection),
    unmatched: unmatchedPatterns(full, selection),
    warnings,
  };
}

/** The service desks the manifests name, with their organizations; undefined when none is. */
async function readNamedServiceDesks(
  desired: Desired,
  options: PlanSiteOptions,
): Promise<Live["serviceDesks"]> {
  const refs = serviceDesksNamed(desired);
  if (refs.length === 0) return undefined;
  if (!options.serviceDeskLinks) {
    throw new UsageError(
      "the manifests name service desks (serviceDesks), which are read through the service desk API, and this plan was given no way to reach it",
    );
  }
  return readServiceDesks(
    options.serviceDeskLinks,
    refs,
    options.signal ? { signal: options.signal } : {},
  );
}

/** `planLocated`, made again without the renames SCIM forbids (`scimOfRenames`). */
async function planCheckingScim(
  desired: Desired,
  read: Live,
  planOptions: PlanOptions,
  options: PlanSiteOptions,
): Promise<{ live: Live; full: Plan; warnings: string[] }> {
  const full = planLocated(desired, read, planOptions);
  if (!options.scimCheck) return { live: read, full, warnings: [] };
  const { scimManaged, warnings } = await scimOfRenames(
    full,
    read,
    options.scimCheck,
    options.signal,
  );
  if (scimManaged.length === 0) return { live: read, full, warnings };
  const live = { ...read, scimManaged };
  return { live, full: planLocated(desired, live, planOptions), warnings };
}

/**
 * `plan`, with its input problems (a product the site does not have...) thrown in the
 * compiler format of manifest errors: each at its source line, with a caret, what was
 * expected and the near miss.
 */
function planLocated(desired: Desired, live: Live, options: PlanOptions): Plan {
  try {
    return plan(desired, live, options);
  } catch (error) {
    if (!(error instanceof PlanInputError)) throw error;
    const issues = locateProblems(desired, error.problems);
    throw new ManifestError(issues, {
      message: `the manifests do not fit the live site (${plural(issues.length, "problem")}); nothing was changed`,
      hint: "fix the manifests (or the site) and run `orgsync plan` again",
      cause: error,
    });
  }
}

/** The input problems `plan` finds with every detail left out, located. */
function planProblemsWithoutDetails(
  desired: Desired,
  live: Live,
  options: PlanOptions,
): ManifestIssue[] {
  const planned: Desired = {
    ...desired,
    organizations: desired.organizations.map(
      ({ productDetails: _, ...organization }) => ({
        ...organization,
        details: [],
      }),
    ),
  };
  try {
    plan(planned, live, options);
    return [];
  } catch (error) {
    if (!(error instanceof PlanInputError)) throw error;
    return locateProblems(desired, error.problems);
  }
}

function locateProblems(
  desired: Desired,
  problems: readonly PlanInputProblem[],
): ManifestIssue[] {
  return problems.map((problem) =>
    issueAtSource(desired, problem.source, problem),
  );
}
