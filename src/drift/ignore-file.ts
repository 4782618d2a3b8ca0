import {
  parseManifest,
  sortIssues,
  type ManifestIssue,
} from "../manifest/index.js";
import { lookupFieldType, type SourceLocation } from "../model/index.js";
import { checkSchema, packageValidator } from "../util/check-schema.js";
import { describeValue } from "../util/describe-value.js";

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

/** True when `text` is a real calendar date written YYYY-MM-DD (the DATE field's rule). */
export function isIsoDate(text: string): boolean {
  return lookupFieldType("DATE").accepts(text);
}

/**
 * Parses the text of an ignore file (pure: no disk, no clock). The format, documented in
 * docs/drift.md and schema/drift-ignore.schema.json:
 *
 *     apiVersion: orgsync/v1
 *     kind: DriftIgnore
 *     ignore:
 *       - address: organization["Acme Corp"].detail["Region"]
 *         reason: Region moved to APAC while the contract is renegotiated
 *         expires: 2026-09-30
 *         by: jane@example.com
 *
 * The YAML is read as manifests are (same limits, located issues), but `${NAME}` stays as
 * written and aliases are refused (nothing here needs them); every problem is collected and
 * located.
 */
export function parseIgnoreFile(text: string, file: string): IgnoreParseResult {
  const parsed = parseManifest(text, file, {
    interpolate: false,
    aliases: false,
  });
  const issues: IgnoreIssue[] = [...parsed.issues];
  const [document, extra] = parsed.documents;
  if (extra !== undefined) {
    issues.push(
      extra.issue("", {
        message: "an ignore file holds one YAML document",
        expected: "a single document with apiVersion, kind and ignore",
      }),
    );
  }
  if (issues.length > 0) return { ok: false, issues };
  const warnings = parsed.warnings;
  if (document === undefined) {
    return { ok: true, value: { file, entries: [] }, warnings };
  }
  const value = document.value;
  if (!isMapping(value)) {
    const issue = document.issue("", {
      message: "an ignore file is a mapping",
      found: describeValue(value),
      expected: "the keys apiVersion, kind and ignore",
    });
    return { ok: false, issues: [issue] };
  }
  const validate = packageValidator("drift-ignore.schema.json");
  for (const problem of checkSchema(validate, value)) {
    issues.push(
      document.issue(problem.pointer, problem, { key: problem.atKey }),
    );
  }
  const list: unknown[] = Array.isArray(value.ignore) ? value.ignore : [];
  list.forEach((entry, index) => {
    const expires = isMapping(entry) ? entryText(entry.expires) : undefined;
    if (expires !== undefined && !isIsoDate(expires)) {
      issues.push(
        document.issue(`/ignore/${index}/expires`, {
          message: '"expires" is not a real date',
          found: JSON.stringify(expires),
          expected:
            "the last day the entry applies, YYYY-MM-DD, e.g. 2026-12-31",
        }),
      );
    }
  });
  if (issues.length > 0) return { ok: false, issues: sortIssues(issues) };
  // The schema held: every entry is a mapping of non-blank texts.
  const entries = (list as Record<string, string>[]).map(
    (entry, index): IgnoreEntry => {
      const by = entryText(entry.by);
      return {
        address: entryText(entry.address) ?? "",
        reason: entryText(entry.reason) ?? "",
        expires: entryText(entry.expires) ?? "",
        ...(by === undefined ? {} : { by }),
        source: document.locate(`/ignore/${index}`),
      };
    },
  );
  return { ok: true, value: { file, entries }, warnings };
}

/** A value as entry text: trimmed, or undefined unless it is non-blank text. */
function entryText(value: unknown): string | undefined {
  return typeof value === "string" && value.trim() !== ""
    ? value.trim()
    : undefined;
}

function isMapping(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
