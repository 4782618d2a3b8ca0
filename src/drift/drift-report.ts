import type { Desired, ListedOrganization, Live } from "../model/index.js";
import {
  compileAddressGlob,
  type Plan,
  type PlanTarget,
} from "../plan/index.js";
import { driftItems, type DriftItem } from "./drift-item.js";
import type { IgnoreEntry, IgnoreList } from "./ignore-file.js";

/** A drift item an unexpired ignore entry accepts. */
export interface AcknowledgedDrift extends DriftItem {
  readonly acknowledgedBy: IgnoreEntry;
}

/** A drift item that counts, possibly once acknowledged by an entry that has expired. */
export interface UnacknowledgedDrift extends DriftItem {
  readonly expiredAcknowledgement?: IgnoreEntry;
}

/** Counts for the summary line and for scripts. */
interface DriftSummary {
  /** Items that count as drift (exit 2), including those whose acknowledgement expired. */
  readonly drifted: number;
  readonly acknowledged: number;
  /** Ignore entries whose date has passed. */
  readonly expired: number;
  /** Unexpired ignore entries that matched no drift. */
  readonly stale: number;
}

/**
 * Where the site differs from the manifests, read-only: the plan's differences sorted into
 * drift that counts and drift an ignore file acknowledges, with the ignore file's own
 * housekeeping (expired, stale and soon-expiring entries). Plain data; the JSON renderer
 * writes it as is.
 */
export interface DriftReport {
  readonly formatVersion: 1;
  readonly orgsyncVersion: string;
  /** ISO timestamp of the check, passed in. */
  readonly checkedAt: string;
  readonly target: PlanTarget;
  /** The ignore file used, if any. */
  readonly ignoreFile?: string;
  /** Drift that counts: any of it makes `orgsync drift` exit 2. */
  readonly drift: readonly UnacknowledgedDrift[];
  /** Drift accepted by an unexpired ignore entry. */
  readonly acknowledged: readonly AcknowledgedDrift[];
  /** Ignore entries past their date: they acknowledge nothing any more. */
  readonly expiredEntries: readonly IgnoreEntry[];
  /** Unexpired ignore entries that matched no drift (the drift was fixed, or a typo). */
  readonly staleEntries: readonly IgnoreEntry[];
  /** Unexpired ignore entries that expire within `EXPIRY_WARNING_DAYS` days. */
  readonly expiringEntries: readonly IgnoreEntry[];
  /**
   * The site's organizations no manifest declares; present only when they were listed
   * (`--show-unmanaged`). They fail the check only with `--fail-on-unmanaged`.
   */
  readonly unmanaged?: readonly ListedOrganization[];
  readonly summary: DriftSummary;
}

/** Options of `driftReport`. */
export interface DriftReportOptions {
  /** The moment of the check: decides which ignore entries have expired. */
  readonly now: Date;
  /** Acknowledged drift; none when undefined. */
  readonly ignore?: IgnoreList;
}

/** An entry is flagged as expiring this many days (or fewer) before its last day. */
export const EXPIRY_WARNING_DAYS = 7;

const DAY_MS = 86_400_000;

/** The UTC calendar date of a moment, YYYY-MM-DD. */
function utcDate(now: Date): string {
  return now.toISOString().slice(0, 10);
}

/**
 * True when the entry no longer acknowledges anything on `now`: its `expires` date (the last
 * day it applies, in UTC) is before today's UTC date.
 */
function isExpired(entry: IgnoreEntry, now: Date): boolean {
  return entry.expires < utcDate(now);
}

/**
 * The drift report (pure): `plan` is the plan of the manifests (`desired`) against the site
 * (`live`). Each difference is acknowledged by the first unexpired ignore entry whose address
 * glob matches its address (the same matching as `plan --target`); a difference matched only
 * by expired entries counts as drift and names the expired entry.
 */
export function driftReport(
  plan: Plan,
  desired: Desired,
  live: Live,
  options: DriftReportOptions,
): DriftReport {
  const entries = options.ignore?.entries ?? [];
  const active = entries.filter((entry) => !isExpired(entry, options.now));
  const expired = entries.filter((entry) => isExpired(entry, options.now));
  const tests = new Map(
    entries.map((entry) => [entry, compileAddressGlob(entry.address)]),
  );
  const matching = (candidates: readonly IgnoreEntry[], address: string) =>
    candidates.find((entry) => tests.get(entry)!(address));
  const used = new Set<IgnoreEntry>();
  const drift: UnacknowledgedDrift[] = [];
  const acknowledged: AcknowledgedDrift[] = [];

  for (const item of driftItems(plan, desired, live)) {
    const by = matching(active, item.address);
    if (by) {
      used.add(by);
      acknowledged.push({ ...item, acknowledgedBy: by });
      continue;
    }
    const lapsed = matching(expired, item.address);
    drift.push(lapsed ? { ...item, expiredAcknowledgement: lapsed } : item);
  }

  const today = Date.parse(utcDate(options.now));
  const expiringEntries = active.filter(
    (entry) =>
      (Date.parse(entry.expires) - today) / DAY_MS <= EXPIRY_WARNING_DAYS,
  );
  const staleEntries = active.filter((entry) => !used.has(entry));
  return {
    formatVersion: 1,
    orgsyncVersion: plan.orgsyncVersion,
    checkedAt: options.now.toISOString(),
    target: plan.target,
    ...(options.ignore ? { ignoreFile: options.ignore.file } : {}),
    drift,
    acknowledged,
    expiredEntries: expired,
    staleEntries,
    expiringEntries,
    ...(plan.unmanaged ? { unmanaged: plan.unmanaged } : {}),
    summary: {
      drifted: drift.length,
      acknowledged: acknowledged.length,
      expired: expired.length,
      stale: staleEntries.length,
    },
  };
}

/** True when the report holds drift that counts: `orgsync drift` exits 2. */
export function hasDrift(report: DriftReport): boolean {
  return report.drift.length > 0;
}

/**
 * The report as JSON, the machine contract of `orgsync drift --format json`: the
 * `DriftReport` as built (its keys in a fixed order), two-space indented, one trailing
 * newline. Valid JSON whatever the names hold, and never coloured.
 */
export function renderDriftJson(report: DriftReport): string {
  return `${JSON.stringify(report, null, 2)}\n`;
}
