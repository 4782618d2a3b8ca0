import type { ChangeAction } from "../plan/types.js";
import { escapeForTerminal } from "../util/escape.js";
import { createStyle } from "../util/style.js";
import type { ApplyReport, ApplyResult } from "./types.js";

/** How to render an apply report as text. */
export interface RenderReportOptions {
  /** ANSI colours; the CLI turns them on only on a TTY and never under NO_COLOR. */
  readonly color: boolean;
  /** List skipped changes that share a reason up to this many, then count the rest. @default 5 */
  readonly maxPerReason?: number;
}

/** `created`, `updated`… for a change that was applied. */
const PAST_TENSE: Readonly<Record<ChangeAction, string>> = {
  create: "created",
  update: "updated",
  rename: "renamed",
  delete: "deleted",
  replace: "replaced",
};

/** One line for one finished change, e.g. `✓ organization["Acme"] created (132 ms)`. */
export function resultLine(
  result: ApplyResult,
  options: { readonly color: boolean },
): string {
  const style = createStyle(options.color);
  const address = escapeForTerminal(result.address);
  switch (result.status) {
    case "applied":
      return `${style.green("✓")} ${address} ${PAST_TENSE[result.action]}${result.recovered === true ? " (recovered after a lost answer)" : ""} (${result.durationMs} ms)`;
    case "failed":
      return `${style.red("✗")} ${address} ${result.action} failed: ${escapeForTerminal(result.error?.message ?? "unknown error")}${result.error ? ` [${result.error.code}]` : ""}`;
    case "skipped":
      return `${style.yellow("-")} ${address} ${result.action} skipped: ${escapeForTerminal(result.reason ?? "")}`;
  }
}

/**
 * `Apply complete: 12 applied, 0 failed, 0 skipped.`, `Apply failed: …` when any change
 * failed, `Apply interrupted: …` after Ctrl-C.
 */
function summarySentence(report: ApplyReport): string {
  const { applied, failed, skipped } = report.summary;
  const outcome = report.interrupted
    ? "interrupted"
    : failed > 0
      ? "failed"
      : "complete";
  return `Apply ${outcome}: ${applied} applied, ${failed} failed, ${skipped} skipped.`;
}

/**
 * Statuses that say the request itself is refused (credentials, permission, input, a missing
 * header): sending it again fails the same way. 404 and 409 are not among them: apply plans
 * again from the site, so an object deleted or renamed meanwhile is planned anew; 408 and 429
 * pass.
 */
const REFUSALS = new Set([400, 401, 403, 405, 412, 413, 415, 422]);

/** True when the site refused this change for a reason running apply again does not fix. */
function refusedForGood(result: ApplyResult): boolean {
  const status = result.error?.status;
  return status !== undefined && REFUSALS.has(status);
}

/**
 * What to do next after a run that left work undone: run apply again when that can finish it;
 * fix the cause first when every failure is a refusal that would only repeat.
 */
function nextStep(report: ApplyReport): string | undefined {
  const failed = report.results.filter((r) => r.status === "failed");
  const skipped = report.results.filter((r) => r.status === "skipped");
  if (failed.length === 0 && skipped.length === 0) return undefined;
  const refused = failed.filter(refusedForGood);
  const again =
    "Run `orgsync apply PATH...` again to finish (or `orgsync plan --out FILE` for a new plan to review): it plans from the site as it is now, so what was applied is not repeated. A saved plan cannot be applied twice: the site has changed since it was made.";
  if (refused.length === 0) return again;
  const what = `The site refused ${refused.length === 1 ? "1 change" : `${refused.length} changes`} (see the errors above): running apply again fails the same way until that is fixed (credentials, permissions or the values sent).`;
  return report.interrupted || refused.length < failed.length
    ? `${what} ${again}`
    : `${what} Fix it, then run \`orgsync apply PATH...\` again.`;
}

/**
 * The report for a person: each failed change with its error, each skipped one with its
 * reason (many skipped for the same reason are counted, not listed), and the summary. Every
 * name and message is escaped, so nothing from the site can act on the terminal.
 */
export function renderReport(
  report: ApplyReport,
  options: RenderReportOptions,
): string {
  const style = createStyle(options.color);
  const maxPerReason = options.maxPerReason ?? 5;
  const out: string[] = [];
  const failed = report.results.filter((r) => r.status === "failed");
  const skipped = report.results.filter((r) => r.status === "skipped");
  if (failed.length > 0) {
    out.push(style.bold("Failed:"));
    for (const result of failed) out.push(`  ${resultLine(result, options)}`);
    const hints = new Set(failed.map((r) => r.error?.hint ?? ""));
    hints.delete("");
    for (const hint of hints) out.push(`  hint: ${escapeForTerminal(hint)}`);
  }
  if (skipped.length > 0) {
    out.push(style.bold("Skipped:"));
    const byReason = new Map<string, ApplyResult[]>();
    for (const result of skipped) {
      const reason = result.reason ?? "";
      byReason.set(reason, [...(byReason.get(reason) ?? []), result]);
    }
    for (const [reason, results] of byReason) {
      for (const result of results.slice(0, maxPerReason)) {
        out.push(`  ${resultLine(result, options)}`);
      }
      if (results.length > maxPerReason) {
        out.push(
          `  ${style.yellow("-")} … and ${results.length - maxPerReason} more: ${escapeForTerminal(reason)}`,
        );
      }
    }
  }
  const recovered = report.results.filter((r) => r.recovered === true).length;
  if (recovered > 0) {
    out.push(
      `${recovered} change${recovered === 1 ? "" : "s"} recovered after a lost answer: re-read and found made (or re-sent once found absent).`,
    );
  }
  const next = nextStep(report);
  if (next !== undefined) out.push(next);
  // The summary comes last: the last line of a run says how it ended.
  const sentence = summarySentence(report);
  out.push(
    style.bold(
      failed.length > 0
        ? style.red(sentence)
        : report.interrupted
          ? style.yellow(sentence)
          : style.green(sentence),
    ),
  );
  return `${out.join("\n")}\n`;
}
