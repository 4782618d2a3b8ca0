import stringWidth from "string-width";

import { escapeForTerminal } from "../util/escape.js";
import { createStyle } from "../util/style.js";
import type { ManifestIssue } from "./manifest-issue.js";

/** Options of `formatIssues`. */
export interface FormatIssuesOptions {
  /** ANSI colours (the CLI decides with `colorEnabled`). */
  readonly color: boolean;
}

/** Tabs become one space, so that the caret under a source line still lines up. */
const escapeTerminal = (text: string): string =>
  escapeForTerminal(text.replace(/\t/g, " "));

/**
 * Issues as a compiler prints them:
 *
 *     orgsync/fields.yaml:7:7: error: unknown key "optoins" in item 2 of "fields"
 *         7 |       optoins: [AU, EU]
 *           |       ^~~~~~~
 *           = expected: one of: name, type, options, previousNames
 *           = did you mean "options"?
 *
 * Every piece of manifest text is escaped first: a manifest cannot send terminal escapes,
 * bidirectional overrides or line breaks through a message.
 */
export function formatIssues(
  issues: readonly ManifestIssue[],
  options: FormatIssuesOptions,
): string {
  return issues.map((issue) => formatIssue(issue, options.color)).join("");
}

function formatIssue(issue: ManifestIssue, color: boolean): string {
  const style = createStyle(color);
  const bold = style.bold;
  const label =
    issue.severity === "error"
      ? bold(style.red("error:"))
      : bold(style.yellow("warning:"));
  const where =
    issue.line > 0 ? `${issue.file}:${issue.line}:${issue.column}` : issue.file;
  const lines = [
    `${bold(`${escapeTerminal(where)}:`)} ${label} ${bold(escapeTerminal(issue.message))}`,
  ];
  const gutter = " ".repeat(String(issue.line).length);
  const dim = style.dim;
  if (issue.line > 0 && issue.sourceLine !== undefined) {
    const text = issue.sourceLine;
    const start = Math.max(0, (issue.sourceColumn ?? issue.column) - 1);
    // Columns on the screen: CJK and emoji take two, combining marks none.
    const before = stringWidth(escapeTerminal(text.slice(0, start)));
    const spot = stringWidth(
      escapeTerminal(text.slice(start, start + (issue.length ?? 1))),
    );
    const caret = `^${"~".repeat(Math.max(0, spot - 1))}`;
    lines.push(`  ${dim(`${issue.line} |`)} ${escapeTerminal(text)}`);
    lines.push(
      `  ${dim(`${gutter} |`)} ${" ".repeat(before)}${bold(style.green(caret))}`,
    );
  }
  if (issue.expected !== undefined) {
    lines.push(`  ${gutter} = expected: ${escapeTerminal(issue.expected)}`);
  }
  if (issue.suggestion !== undefined) {
    lines.push(
      `  ${gutter} = did you mean ${bold(style.cyan(`"${escapeTerminal(issue.suggestion)}"`))}?`,
    );
  }
  return `${lines.join("\n")}\n`;
}
