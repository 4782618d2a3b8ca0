import { readLive, type ReadProgress } from "../live/index.js";
import type { Desired, Live } from "../model/index.js";
import { plan, type Plan } from "../plan/index.js";
import { ORGSYNC_VERSION } from "../version.js";
import { driftReport, type DriftReport } from "./drift-report.js";
import type { IgnoreList } from "./ignore-file.js";
import {
  readOnlyClient,
  refusingWrites,
  type CsmReader,
} from "./read-only-client.js";

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
}

/** The report, with the plan and live state it was made from (for callers that want them). */
export interface DetectedDrift {
  readonly report: DriftReport;
  readonly plan: Plan;
  readonly live: Live;
}

/**
 * Reads the site through a read-only view of `client` (the reader gets no write method to
 * call), plans the manifests against it, and turns the plan into a drift report. Sends only
 * the reads `orgsync plan` sends.
 */
export async function detectDrift(
  client: CsmReader,
  desired: Desired,
  options: DetectDriftOptions,
): Promise<DetectedDrift> {
  const reader = readOnlyClient(client);
  // readLive is typed to take a whole CsmClient although it only reads: it gets one whose
  // writes refuse without sending anything.
  const live = await readLive(refusingWrites(reader), desired, {
    ...(options.concurrency === undefined
      ? {}
      : { concurrency: options.concurrency }),
    ...(options.signal === undefined ? {} : { signal: options.signal }),
    ...(options.onProgress === undefined
      ? {}
      : { onProgress: options.onProgress }),
  });
  const planned = plan(desired, live, {
    now: options.now.toISOString(),
    orgsyncVersion: ORGSYNC_VERSION,
    target: { baseUrl: reader.baseUrl },
  });
  const report = driftReport(planned, desired, live, {
    now: options.now,
    ...(options.ignore === undefined ? {} : { ignore: options.ignore }),
  });
  return { report, plan: planned, live };
}
