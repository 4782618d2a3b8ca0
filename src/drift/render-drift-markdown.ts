import { formatLocation } from "../model/index.js";
import { describeUnmanaged } from "../plan/index.js";
import { escapeHtml, escapeMarkdown } from "../util/escape.js";
import {
  byObject,
  describeSide,
  KIND_LABELS,
  relativeAddress,
  sourceText,
} from "./describe-drift.js";
import type { DriftItem } from "./drift-item.js";
import type {
  AcknowledgedDrift,
  DriftReport,
  UnacknowledgedDrift,
} from "./drift-report.js";
import type { IgnoreEntry } from "./ignore-file.js";

/** The most characters one Markdown part holds (GitHub comments stop at 65,536). */
const MARKDOWN_PART_LIMIT = 60_000;

/** A table cell longer than this is cut, so that one value cannot outgrow a part. */
const CELL_LIMIT = 500;

const DRIFT_HEADER =
  "| Address | Drift | Manifest | Live | Written at |\n|---|---|---|---|---|";
const ACKNOWLEDGED_HEADER =
  "| Address | Drift | Manifest | Live | Acknowledged until | Reason |\n|---|---|---|---|---|---|";
const ENTRY_HEADER =
  "| Address or glob | Expires | Reason | By | Written at |\n|---|---|---|---|---|";

/**
 * The report as Markdown for an issue or pull-request comment: a summary table, drift
 * grouped by object in collapsible sections (open by default: it is what the reader came
 * for), then acknowledged drift and the ignore file's housekeeping. Split into parts of at
 * most `MARKDOWN_PART_LIMIT` characters, cut only between table rows, each part after the
 * first saying which part it is. Every name and value is escaped (`escapeMarkdown` in text
 * and cells, `escapeHtml` in `<summary>` lines), so nothing from a manifest or the site can
 * change the comment's layout or mention anyone.
 */
export function renderDriftMarkdown(
  report: DriftReport,
  limit: number = MARKDOWN_PART_LIMIT,
): string[] {
  const blocks: Block[] = [{ text: headBlock(report) }];
  if (report.drift.length > 0) {
    blocks.push({ text: "### Drift" });
    for (const [object, items] of byObject(report.drift)) {
      const noun = items.length === 1 ? "difference" : "differences";
      blocks.push({
        open: `<details open><summary>${escapeHtml(object)}: ${items.length} ${noun}</summary>\n\n${DRIFT_HEADER}`,
        rows: items.map(driftRow),
        close: "\n\n</details>",
      });
    }
  }
  if (report.acknowledged.length > 0) {
    blocks.push({
      open: `### Acknowledged drift (${report.acknowledged.length})\n\nAccepted by ${escapeMarkdown(report.ignoreFile ?? "the ignore file")}; it does not fail the check until it expires.\n\n${ACKNOWLEDGED_HEADER}`,
      rows: report.acknowledged.map(acknowledgedRow),
    });
  }
  const entrySections: [string, readonly IgnoreEntry[]][] = [
    [
      "Expired acknowledgements: they acknowledge nothing any more; renew or remove them",
      report.expiredEntries,
    ],
    [
      "Stale acknowledgements: they match no drift; remove them",
      report.staleEntries,
    ],
    ["Acknowledgements expiring within 7 days", report.expiringEntries],
  ];
  if (report.unmanaged) {
    const { heading, lines } = describeUnmanaged(
      report.unmanaged,
      escapeMarkdown,
    );
    const title = `### ${heading.replace(/:$/, "")}`;
    blocks.push(
      lines.length === 0
        ? { text: title }
        : { open: `${title}\n`, rows: lines.map((line) => `- ${line}`) },
    );
  }
  for (const [title, entries] of entrySections) {
    if (entries.length === 0) continue;
    blocks.push({
      open: `### ${title} (${entries.length})\n\n${ENTRY_HEADER}`,
      rows: entries.map(entryRow),
    });
  }
  return intoParts(blocks, limit);
}

function headBlock(report: DriftReport): string {
  const { drifted, acknowledged, expired, stale } = report.summary;
  const title =
    drifted === 0
      ? "## orgsync drift: no drift"
      : `## orgsync drift: ${drifted} difference${drifted === 1 ? "" : "s"}`;
  return [
    title,
    "",
    `Site ${escapeMarkdown(report.target.baseUrl)}, checked ${escapeMarkdown(report.checkedAt)}.`,
    "",
    "| Drifted | Acknowledged | Expired acknowledgements | Stale acknowledgements |",
    "|---:|---:|---:|---:|",
    `| ${drifted} | ${acknowledged} | ${expired} | ${stale} |`,
  ].join("\n");
}

function cell(text: string): string {
  const cut =
    text.length > CELL_LIMIT ? `${text.slice(0, CELL_LIMIT)} … (cut)` : text;
  return escapeMarkdown(cut);
}

function kindCell(item: DriftItem): string {
  return item.note
    ? `${KIND_LABELS[item.kind]}: ${cell(item.note)}`
    : KIND_LABELS[item.kind];
}

function driftRow(item: UnacknowledgedDrift): string {
  const lapsed = item.expiredAcknowledgement
    ? ` (acknowledgement expired ${item.expiredAcknowledgement.expires})`
    : "";
  return `| ${cell(relativeAddress(item))} | ${kindCell(item)}${lapsed} | ${cell(describeSide(item, "manifest"))} | ${cell(describeSide(item, "live"))} | ${cell(sourceText(item))} |`;
}

function acknowledgedRow(item: AcknowledgedDrift): string {
  const entry = item.acknowledgedBy;
  return `| ${cell(item.address)} | ${kindCell(item)} | ${cell(describeSide(item, "manifest"))} | ${cell(describeSide(item, "live"))} | ${entry.expires} | ${cell(entry.reason)} |`;
}

function entryRow(entry: IgnoreEntry): string {
  return `| ${cell(entry.address)} | ${entry.expires} | ${cell(entry.reason)} | ${cell(entry.by ?? "")} | ${cell(formatLocation(entry.source))} |`;
}

/** A paragraph, or a table that may be cut between rows (its `open` repeated after a cut). */
interface Block {
  readonly text?: string;
  readonly open?: string;
  readonly rows?: readonly string[];
  readonly close?: string;
}

/** Room kept in every part for the "part i of n" line. */
const PART_LINE_ROOM = 80;

function intoParts(blocks: readonly Block[], limit: number): string[] {
  const budget = limit - PART_LINE_ROOM;
  const parts: string[] = [];
  let current = "";
  const add = (text: string): void => {
    const joined = current === "" ? text : `${current}\n\n${text}`;
    if (joined.length <= budget || current === "") {
      current = joined;
      return;
    }
    parts.push(current);
    current = text;
  };
  for (const block of blocks) {
    if (block.text !== undefined) {
      add(block.text);
      continue;
    }
    const open = block.open ?? "";
    const close = block.close ?? "";
    let rows: string[] = [];
    const flush = (): void => {
      if (rows.length > 0) add(`${open}\n${rows.join("\n")}${close}`);
      rows = [];
    };
    for (const row of block.rows ?? []) {
      const size = open.length + close.length + 2;
      const grown = size + [...rows, row].join("\n").length;
      // A table that would not fit in what is left of this part starts the next one.
      const room = current === "" ? budget : budget - current.length - 2;
      if (rows.length > 0 && grown > room) {
        flush();
      }
      rows.push(row);
    }
    flush();
  }
  if (current !== "") parts.push(current);
  if (parts.length === 1) return [`${parts[0]!}\n`];
  return parts.map(
    (part, index) =>
      `${index === 0 ? "" : `_orgsync drift, part ${index + 1} of ${parts.length}_\n\n`}${part}\n`,
  );
}
