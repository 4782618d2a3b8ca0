import { OrgsyncError } from "../util/errors.js";
import { plural } from "../util/plural.js";

/**
 * One problem found in the manifests, located like a compiler's: the CLI prints it as
 * `file:line:col: error: message` with the source line and a caret under the spot.
 */
export interface ManifestIssue {
  /** The file, as the user named it (relative to the working directory when inside it). */
  readonly file: string;
  /** 1-based line; 0 when the problem is about the whole file (unreadable, too large). */
  readonly line: number;
  /** 1-based column, in UTF-16 code units; 0 with line 0. */
  readonly column: number;
  /** The 0-based index of the YAML document in the file (0 for problems about the file). */
  readonly document: number;
  /** RFC 6901 JSON pointer into that document, e.g. `/organizations/3/details/Region`. */
  readonly pointer: string;
  readonly message: string;
  readonly severity: "error" | "warning";
  /** What was found, as text for people (e.g. `text "SELCT"`). */
  readonly found?: string;
  /** What was expected instead. */
  readonly expected?: string;
  /** A near-miss correction: the caller shows `did you mean "suggestion"?`. */
  readonly suggestion?: string;
  /**
   * The source line, for the caret display (raw: escape it before printing). A line longer
   * than 200 characters is cut to a window around the spot, marked with `…`.
   */
  readonly sourceLine?: string;
  /** Where the spot starts within `sourceLine` when the line was cut. @default column */
  readonly sourceColumn?: number;
  /** How many columns the caret underline spans, when known. @default 1 */
  readonly length?: number;
  /** A stable name for a kind of warning that can be silenced (`W_UNCONFIRMED_TYPE`). */
  readonly code?: string;
}

/** Issues in reading order: by file (in the order given), then line and column. */
export function sortIssues(
  issues: readonly ManifestIssue[],
  fileOrder: readonly string[] = [],
): ManifestIssue[] {
  const rank = new Map(fileOrder.map((file, index) => [file, index]));
  const fileRank = (file: string): number => rank.get(file) ?? fileOrder.length;
  return [...issues].sort(
    (a, b) =>
      fileRank(a.file) - fileRank(b.file) ||
      (a.file < b.file ? -1 : a.file > b.file ? 1 : 0) ||
      a.line - b.line ||
      a.column - b.column,
  );
}

/** The issues without repeats (one bad default reported once, not once per organization). */
export function uniqueIssues(
  issues: readonly ManifestIssue[],
): ManifestIssue[] {
  const seen = new Set<string>();
  const kept: ManifestIssue[] = [];
  for (const issue of issues) {
    const key = `${issue.severity}\u0000${issue.file}\u0000${issue.line}\u0000${issue.column}\u0000${issue.message}`;
    if (seen.has(key)) continue;
    seen.add(key);
    kept.push(issue);
  }
  return kept;
}

/** "2 problems in 1 file", counting errors only. */
export function describeProblems(issues: readonly ManifestIssue[]): string {
  const errors = issues.filter((issue) => issue.severity === "error");
  const files = new Set(errors.map((issue) => issue.file)).size;
  return `${plural(errors.length, "problem")} in ${plural(files, "file")}`;
}

export { plural };

/**
 * An error about a file as a whole (missing, unreadable, too large, not UTF-8): it has no
 * line or column, which `formatIssues` shows as the file name alone.
 */
export function fileIssue(
  file: string,
  problem: { readonly message: string; readonly expected?: string | undefined },
): ManifestIssue {
  return {
    file,
    line: 0,
    column: 0,
    document: 0,
    pointer: "",
    severity: "error",
    message: problem.message,
    ...(problem.expected === undefined ? {} : { expected: problem.expected }),
  };
}

/**
 * The manifests are invalid: nothing was (or will be) sent to the site. Carries every issue
 * found; the CLI has already printed them, compiler-style, before this error's message.
 */
export class ManifestError extends OrgsyncError {
  /** The errors, in reading order. */
  readonly issues: readonly ManifestIssue[];

  constructor(
    issues: readonly ManifestIssue[],
    options: { message?: string; hint?: string; cause?: unknown } = {},
  ) {
    super("E_MANIFEST_INVALID", options.message ?? describeProblems(issues), {
      ...(options.hint === undefined ? {} : { hint: options.hint }),
      ...(options.cause === undefined ? {} : { cause: options.cause }),
    });
    this.issues = issues;
  }
}
