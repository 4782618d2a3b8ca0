import { describeUnmanaged } from "../plan/index.js";
import { formatLocation } from "../model/index.js";
import { escapeForTerminal } from "../util/escape.js";
import type { Style } from "../util/style.js";
import {
  byObject,
  describeEntry,
  describeSide,
  KIND_LABELS,
  KIND_SYMBOLS,
  relativeAddress,
  sourceText,
} from "./describe-drift.js";
import type { DriftItem } from "./drift-item.js";
import {
  EXPIRY_WARNING_DAYS,
  type AcknowledgedDrift,
  type DriftReport,
  type UnacknowledgedDrift,
} from "./drift-report.js";

const safe = escapeForTerminal;

/**
 * The report for people at a terminal: drift grouped by object, each item with the manifest
 * value, the live value and the manifest's `file:line:col`; then acknowledged drift, expired
 * and stale ignore entries, and a summary line. Every name and value from the manifests, the
 * site or the ignore file is escaped, so none can act on the terminal. Colours come only from
 * `style` (the CLI decides whether they are on).
 */
export function renderDriftText(report: DriftReport, style: Style): string {
  const lines: string[] = [];
  const site = safe(report.target.baseUrl);
  if (report.drift.length === 0) {
    lines.push(style.green(`No drift: ${site} matches the manifests.`));
  } else {
    lines.push(
      style.bold(
        `Drift: ${count(report.drift.length, "difference")} between the manifests and ${site}`,
      ),
    );
    for (const [object, items] of byObject(report.drift)) {
      lines.push("", style.bold(safe(object)));
      for (const item of items) lines.push(...itemLines(item, style));
    }
  }

  if (report.acknowledged.length > 0) {
    lines.push(
      "",
      style.bold(
        `Acknowledged drift (${report.acknowledged.length}): does not fail the check`,
      ),
    );
    for (const item of report.acknowledged) {
      lines.push(...acknowledgedLines(item, style));
    }
  }
  if (report.expiredEntries.length > 0) {
    lines.push(
      "",
      style.yellow(
        `Expired acknowledgements (${report.expiredEntries.length}): they acknowledge nothing any more; renew or remove them`,
      ),
    );
    for (const entry of report.expiredEntries) {
      lines.push(`  ${safe(describeEntry(entry))}`);
    }
  }
  if (report.staleEntries.length > 0) {
    lines.push(
      "",
      style.yellow(
        `Stale acknowledgements (${report.staleEntries.length}): they match no drift; remove them`,
      ),
    );
    for (const entry of report.staleEntries) {
      lines.push(`  ${safe(describeEntry(entry))}`);
    }
  }
  if (report.expiringEntries.length > 0) {
    lines.push(
      "",
      style.yellow(
        `Expiring within ${EXPIRY_WARNING_DAYS} days (${report.expiringEntries.length}):`,
      ),
    );
    for (const entry of report.expiringEntries) {
      lines.push(`  ${safe(describeEntry(entry))}`);
    }
  }
  if (report.unmanaged) {
    const { heading, lines: each } = describeUnmanaged(report.unmanaged, safe);
    lines.push("", style.bold(heading), ...each.map((line) => `  ? ${line}`));
  }
  lines.push("", summaryLine(report, style));
  return `${lines.join("\n")}\n`;
}

function itemLines(item: UnacknowledgedDrift, style: Style): string[] {
  const symbol = KIND_SYMBOLS[item.kind];
  const paint = item.kind === "unsupported" ? style.yellow : style.red;
  const lines = [
    `  ${paint(symbol)} ${safe(relativeAddress(item))}  ${style.dim(KIND_LABELS[item.kind])}`,
    ...valueLines(item),
  ];
  if (item.expiredAcknowledgement) {
    const entry = item.expiredAcknowledgement;
    lines.push(
      style.yellow(
        `      acknowledgement expired ${entry.expires} (${safe(formatLocation(entry.source))}): ${safe(entry.reason)}`,
      ),
    );
  }
  return lines;
}

function valueLines(item: DriftItem): string[] {
  const lines = [
    `      manifest: ${safe(describeSide(item, "manifest"))}`,
    `      live:     ${safe(describeSide(item, "live"))}`,
  ];
  const at = sourceText(item);
  if (at) lines.push(`      at ${safe(at)}`);
  if (item.note) lines.push(`      note: ${safe(item.note)}`);
  return lines;
}

function acknowledgedLines(item: AcknowledgedDrift, style: Style): string[] {
  const entry = item.acknowledgedBy;
  const by = entry.by ? ` by ${entry.by}` : "";
  return [
    `  ${style.dim(KIND_SYMBOLS[item.kind])} ${safe(item.address)}  ${style.dim(KIND_LABELS[item.kind])}`,
    ...valueLines(item),
    `      acknowledged until ${entry.expires}${safe(by)} (${safe(formatLocation(entry.source))}): ${safe(entry.reason)}`,
  ];
}

function summaryLine(report: DriftReport, style: Style): string {
  const { drifted, acknowledged, expired, stale } = report.summary;
  const parts = [
    `${count(drifted, "difference")} drifted`,
    `${acknowledged} acknowledged`,
  ];
  if (expired > 0) parts.push(`${count(expired, "expired acknowledgement")}`);
  if (stale > 0) parts.push(`${count(stale, "stale acknowledgement")}`);
  const text = `Summary: ${parts.join(", ")}.`;
  return drifted > 0 ? style.red(text) : style.green(text);
}

function count(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? "" : "s"}`;
}
