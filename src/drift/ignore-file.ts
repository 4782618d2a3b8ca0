import {
  isMap,
  isScalar,
  isSeq,
  LineCounter,
  parseDocument,
  type YAMLMap,
} from "yaml";

import type { ManifestIssue } from "../manifest/index.js";
import { lookupFieldType, type SourceLocation } from "../model/index.js";
import {
  describeNode,
  expectConstant,
  rangeStart,
  readMap,
  type Report,
} from "./yaml-checks.js";

/**
 * One acknowledged drift: an address (or address glob, in `plan --target` syntax) whose drift
 * is known and accepted until `expires`, for `reason`.
 */
export interface IgnoreEntry {
  /** An address such as `organization["Acme"].detail["Region"]`, or a glob over addresses. */
  readonly address: string;
  /** Why the drift is accepted; required, so that the next reader knows. */
  readonly reason: string;
  /**
   * The last day (YYYY-MM-DD, UTC) on which the entry acknowledges drift. From the next day on
   * the drift it covers counts again and the entry is reported as expired.
   */
  readonly expires: string;
  /** Who accepted the drift (free text: a name, a team, a ticket). */
  readonly by?: string;
  /** Where the entry was written. */
  readonly source: SourceLocation;
}

/** A parsed ignore file. */
export interface IgnoreList {
  readonly file: string;
  readonly entries: readonly IgnoreEntry[];
}

/**
 * One problem with an ignore file, in the manifest loader's shape so that it is printed the
 * same way (`file:line:col: error: ...`, the source line, a caret, what was expected).
 */
export type IgnoreIssue = ManifestIssue;

/** The outcome of parsing an ignore file: every problem at once, or the entries. */
export type IgnoreParseResult =
  | {
      readonly ok: true;
      readonly value: IgnoreList;
      readonly warnings: readonly IgnoreIssue[];
    }
  | { readonly ok: false; readonly issues: readonly IgnoreIssue[] };

/** The `kind` of an ignore file document. */
export const DRIFT_IGNORE_KIND = "DriftIgnore";

const API_VERSION = "orgsync/v1";
const TOP_KEYS = ["apiVersion", "kind", "ignore"];
const ENTRY_KEYS = ["address", "reason", "expires", "by"];
/** True when `text` is a real calendar date written YYYY-MM-DD (the DATE field's rule). */
export function isIsoDate(text: string): boolean {
  return lookupFieldType("DATE").accepts(text);
}

/**
 * Parses the text of an ignore file (pure: no disk, no clock). The format, documented in
 * docs/drift.md:
 *
 *     apiVersion: orgsync/v1
 *     kind: DriftIgnore
 *     ignore:
 *       - address: organization["Acme Corp"].detail["Region"]
 *         reason: Region moved to APAC while the contract is renegotiated
 *         expires: 2026-09-30
 *         by: jane@example.com
 *
 * Every problem is collected and located; aliases and anchors are refused (nothing here needs
 * them, and refusing them rules out alias bombs).
 */
export function parseIgnoreFile(text: string, file: string): IgnoreParseResult {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, {
    lineCounter,
    prettyErrors: false,
    uniqueKeys: true,
    logLevel: "silent",
  });
  const lines = text.split(/\r?\n/);
  const issues: IgnoreIssue[] = [];
  const warnings: IgnoreIssue[] = [];
  const report: Report = (node, pointer, details, severity = "error") => {
    const offset = typeof node === "number" ? node : (rangeStart(node) ?? 0);
    const { line, col } = lineCounter.linePos(offset);
    const at = Math.max(line, 1);
    const sourceLine = lines[at - 1];
    const issue: IgnoreIssue = {
      file,
      line: at,
      column: Math.max(col, 1),
      document: 0,
      pointer,
      severity,
      message: details.message,
      ...(details.found === undefined ? {} : { found: details.found }),
      ...(details.expected === undefined ? {} : { expected: details.expected }),
      ...(details.suggestion === undefined
        ? {}
        : { suggestion: details.suggestion }),
      ...(sourceLine === undefined ? {} : { sourceLine }),
    };
    (severity === "error" ? issues : warnings).push(issue);
  };

  for (const error of doc.errors) {
    report(error.pos[0], "", {
      message: `YAML syntax error: ${firstLine(error.message)}`,
    });
  }
  if (issues.length > 0) return { ok: false, issues };

  const root = doc.contents;
  if (root === null || (isScalar(root) && root.value === null)) {
    report(
      0,
      "",
      { message: "the ignore file is empty: nothing is acknowledged" },
      "warning",
    );
    return { ok: true, value: { file, entries: [] }, warnings };
  }
  if (!isMap(root)) {
    report(root, "", {
      message: "an ignore file is a mapping",
      found: describeNode(root),
      expected: "the keys apiVersion, kind and ignore",
    });
    return { ok: false, issues };
  }

  const top = readMap(root, "", TOP_KEYS, report);
  expectConstant(top, "apiVersion", API_VERSION, root, report);
  expectConstant(top, "kind", DRIFT_IGNORE_KIND, root, report);

  const entries: IgnoreEntry[] = [];
  const list = top.get("ignore");
  if (list === undefined) {
    report(root, "/ignore", {
      message: 'missing key "ignore"',
      expected: "a list of entries (it may be empty: ignore: [])",
    });
  } else if (isScalar(list.value) && list.value.value === null) {
    // `ignore:` with nothing under it is an empty list.
  } else if (!isSeq(list.value)) {
    report(list.value, "/ignore", {
      message: '"ignore" must be a list of entries',
      found: describeNode(list.value),
      expected: "a list of entries, each with address, reason and expires",
    });
  } else {
    list.value.items.forEach((item, index) => {
      const pointer = `/ignore/${index}`;
      if (!isMap(item)) {
        report(item, pointer, {
          message: `item ${index + 1} of "ignore" must be an entry`,
          found: describeNode(item),
          expected: "a mapping with address, reason and expires",
        });
        return;
      }
      const entry = readEntry(item, pointer, report);
      if (entry) {
        const { line, col } = lineCounter.linePos(rangeStart(item) ?? 0);
        entries.push({ ...entry, source: { file, line, column: col } });
      }
    });
  }
  return issues.length > 0
    ? { ok: false, issues }
    : { ok: true, value: { file, entries }, warnings };
}

type Entry = Omit<IgnoreEntry, "source">;

const EXPECTED: Readonly<Record<string, string>> = {
  address:
    'an address or glob, e.g. organization["Acme Corp"].detail["Region"]',
  reason: "text saying why the drift is accepted",
  expires: "the last day the entry applies, YYYY-MM-DD, e.g. 2026-12-31",
  by: "a name, team or ticket",
};

function readEntry(
  item: YAMLMap,
  pointer: string,
  report: Report,
): Entry | undefined {
  const keys = readMap(item, pointer, ENTRY_KEYS, report);
  const text = (key: string, required: boolean): string | undefined => {
    const pair = keys.get(key);
    const at = `${pointer}/${key}`;
    if (!pair) {
      if (required) {
        report(item, at, {
          message: `missing key "${key}"`,
          expected: EXPECTED[key],
        });
      }
      return undefined;
    }
    const value = pair.value;
    if (
      !isScalar(value) ||
      typeof value.value !== "string" ||
      value.value.trim() === ""
    ) {
      report(value ?? pair.key, at, {
        message: `"${key}" must be non-empty text`,
        found: describeNode(value),
        expected: EXPECTED[key],
      });
      return undefined;
    }
    return value.value.trim();
  };
  const address = text("address", true);
  const reason = text("reason", true);
  const expires = text("expires", true);
  const by = text("by", false);
  if (expires !== undefined && !isIsoDate(expires)) {
    report(keys.get("expires")?.value, `${pointer}/expires`, {
      message: '"expires" is not a real date',
      found: JSON.stringify(expires),
      expected: EXPECTED.expires,
    });
    return undefined;
  }
  if (address === undefined || reason === undefined || expires === undefined) {
    return undefined;
  }
  return by === undefined
    ? { address, reason, expires }
    : { address, reason, expires, by };
}

function firstLine(message: string): string {
  return message.split("\n", 1)[0] ?? message;
}
