import { readOnlyClient } from "../api/read-only-client.js";
import type {
  ServiceDeskReadAccess,
  ServiceDeskReader,
} from "../api/servicedesk-types.js";
import type { CsmReader } from "../api/types.js";
import type {
  LiveRead,
  ReadProgress,
  ServiceDeskSource,
} from "../live/index.js";
import type { Desired, Live } from "../model/index.js";
import type { Plan } from "../plan/index.js";
import { planSite } from "../workflow/index.js";
import { driftReport, type DriftReport } from "./drift-report.js";
import type { IgnoreList } from "./ignore-file.js";

/** Options of `detectDrift`. */
export interface DetectDriftOptions {
  /** The moment of the check (ignore entries expire by it). */
  readonly now: Date;
  /** Acknowledged drift. */
  readonly ignore?: IgnoreList;
  /** Requests in flight at once. @default 8 */
  readonly concurrency?: number;
  readonly signal?: AbortSignal;
  readonly onProgress?: (progress: ReadProgress) => void;
  /** The read already started while the manifests loaded (see `PlanSiteOptions.reading`). */
  readonly reading?: LiveRead;
  /** Lists every organization through it (`--show-unmanaged`, `pruneOrganizations`). */
  readonly serviceDesk?: ServiceDeskReader;
  /** The service desk API for service desk links, read only when a manifest names a service desk. */
  readonly serviceDeskLinks?: ServiceDeskSource;
  /** Asked whether SCIM manages an organization the plan renames (see `planSite`). */
  readonly scimCheck?: ServiceDeskReadAccess;
}

/** The report, with the plan and live state it was made from (for callers that want them). */
export interface DetectedDrift {
  readonly report: DriftReport;
  readonly plan: Plan;
  readonly live: Live;
  /** What could not be checked (`PlannedSite.warnings`). */
  readonly warnings: readonly string[];
}

/**
 * Reads the site through a read-only view of `client` (it gets no write method to call),
 * plans the manifests against it (`planSite`), and turns the plan into a drift report. Sends only
 * the reads `orgsync plan` sends.
 */
export async function detectDrift(
  client: CsmReader,
  desired: Desired,
  options: DetectDriftOptions,
): Promise<DetectedDrift> {
  // The reader holds no write method: drift cannot change the site however it is written.
  const planned = await planSite(readOnlyClient(client), desired, {
    now: options.now,
    ...(options.concurrency === undefined
      ? {}
      : { concurrency: options.concurrency }),
    ...(options.signal === undefined ? {} : { signal: options.signal }),
    ...(options.onProgress === undefined
      ? {}
      : { onProgress: options.onProgress }),
    ...(options.reading === undefined ? {} : { reading: options.reading }),
    ...(options.serviceDesk === undefined
      ? {}
      : { serviceDesk: options.serviceDesk }),
    ...(options.serviceDeskLinks === undefined
      ? {}
      : { serviceDeskLinks: options.serviceDeskLinks }),
    ...(options.scimCheck === undefined
      ? {}
      : { scimCheck: options.scimCheck }),
  });
  const { live, plan, warnings } = planned;
  const report = driftReport(plan, {
    now: options.now,
    ...(options.ignore === undefined ? {} : { ignore: options.ignore }),
  });
  return { report, plan, live, warnings };
}
