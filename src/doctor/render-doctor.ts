import { escapeForTerminal, terminalSafeJson } from "../util/escape.js";
import type { Style } from "../util/style.js";
import type { DoctorReport, DoctorStatus } from "./doctor-report.js";
import { plural } from "../util/plural.js";

const MARK: Record<DoctorStatus, string> = {
  ok: "✓",
  fail: "✗",
  skip: "-",
  info: "i",
  warn: "!",
};

/** The report as JSON: the `--format json` machine contract (no terminal controls). */
export function renderDoctorJson(report: DoctorReport): string {
  return `${terminalSafeJson(report, 2)}\n`;
}

/**
 * One line per check (`✓`, `✗`, `-` skipped, `i` information, `!` warning), the fix to try
 * under each `✗` and `!`, and a closing verdict.
 */
export function renderDoctorText(report: DoctorReport, style: Style): string {
  const width = Math.max(...report.checks.map((c) => c.id.length));
  const paint: Record<DoctorStatus, (text: string) => string> = {
    ok: style.green,
    fail: style.red,
    skip: style.dim,
    info: style.cyan,
    warn: style.yellow,
  };
  const lines = report.checks.flatMap((check) => {
    const head = `${paint[check.status](MARK[check.status])} ${check.id.padEnd(width)}  ${escapeForTerminal(check.message)}`;
    return check.fix === undefined
      ? [head]
      : [head, `  ${" ".repeat(width)}  fix: ${escapeForTerminal(check.fix)}`];
  });
  const failures = report.checks.filter((c) => c.status === "fail").length;
  lines.push(
    "",
    report.ok
      ? style.green("Everything orgsync needs works.")
      : style.red(
          `${plural(failures, "check")} failed: fix ${failures === 1 ? "it" : "them"} and run orgsync doctor again.`,
        ),
  );
  return `${lines.join("\n")}\n`;
}
