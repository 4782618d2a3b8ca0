import { readFile } from "node:fs/promises";
import { resolve } from "node:path";

import {
  applyPlan,
  ApplyRefusedError,
  checkSafety,
  checkStale,
  PlanTargetError,
  renderReport,
  StalePlanError,
  type ApplyReport,
} from "../../apply/index.js";
import type { CsmClient } from "../../api/types.js";
import { UsageError } from "../../util/errors.js";
import {
  parseSavedPlan,
  renderText,
  selectChanges,
  unmatchedPatterns,
  type Plan,
} from "../../plan/index.js";
import { summaryLine } from "../../plan/describe-change.js";
import { escapeForTerminal, terminalSafeJson } from "../../util/escape.js";
import { confirmApply } from "../confirm.js";
import { connectFromCli } from "../connection.js";
import { barsEnabled, colorEnabled, EXIT, type CliIo } from "../io.js";
import type { RawCommand } from "../main.js";
import { planForCli, selectionFlags, warnUnmatched } from "../plan-for-cli.js";
import { createProgress } from "../progress.js";

/** `orgsync apply` as a typed options object. */
export interface ApplyCommandOptions {
  readonly planFile: string | undefined;
  readonly format: "text" | "json";
  readonly autoApprove: boolean;
  readonly allowDelete: boolean;
  readonly allowReplace: boolean;
  readonly maxDeletes: number;
  readonly force: boolean;
  readonly failFast: boolean;
  readonly quiet: boolean;
  readonly target: readonly string[];
  readonly exclude: readonly string[];
}

/** Reads the flags commander parsed into typed options; a bad value is a UsageError. */
export function applyOptions(raw: RawCommand): ApplyCommandOptions {
  const { flags } = raw;
  const planFile = typeof flags.plan === "string" ? flags.plan : undefined;
  if (planFile !== undefined && raw.args.length > 0) {
    throw new UsageError(
      "give manifest paths or --plan FILE, not both: a saved plan already says what to change",
    );
  }
  const maxDeletes = Number(flags.maxDeletes ?? 10);
  if (!Number.isInteger(maxDeletes) || maxDeletes < 0) {
    throw new UsageError(
      `--max-deletes must be a whole number of 0 or more, not ${JSON.stringify(flags.maxDeletes)}`,
    );
  }
  return {
    planFile,
    format: flags.format === "json" ? "json" : "text",
    autoApprove: flags.autoApprove === true,
    allowDelete: flags.allowDelete === true,
    allowReplace: flags.allowReplace === true,
    maxDeletes,
    force: flags.force === true,
    failFast: flags.failFast === true,
    quiet: flags.quiet === true,
    ...selectionFlags(flags),
  };
}

/**
 * `orgsync apply`: plan (or read a saved plan and check it is not stale), show it, refuse
 * what lacks consent, confirm, apply, report. Nothing is written before the confirmation;
 * exit 0 when every change was applied, 1 when any failed or apply refused, 130 when
 * interrupted.
 */
export async function runApply(raw: RawCommand, io: CliIo): Promise<number> {
  const options = applyOptions(raw);
  const color = colorEnabled(io.stdout, io.env);
  const {
    plan: selected,
    client,
    concurrency,
  } = options.planFile === undefined
    ? await planForCli(raw, io)
    : await savedPlan(raw, options, options.planFile, io);

  const planShown = options.format === "text" && !options.quiet;
  if (planShown) {
    io.stdout.write(
      options.planFile === undefined
        ? renderText(selected, {
            color,
            ...(io.stdout.isTTY === true && io.stdout.columns !== undefined
              ? { width: io.stdout.columns }
              : {}),
          })
        : savedPlanLine(selected, options.planFile),
    );
  }
  if (selected.changes.length === 0) {
    if (options.format === "json") writeJson(io, emptyReport());
    return EXIT.ok;
  }

  const refusals = checkSafety(selected, options);
  if (refusals.length > 0) throw new ApplyRefusedError(refusals);
  const count = selected.changes.length;
  await confirmApply(io, {
    autoApprove: options.autoApprove,
    question: `Apply ${count} change${count === 1 ? "" : "s"} to ${selected.target.baseUrl}?`,
    ...(planShown && options.planFile === undefined
      ? {}
      : {
          review: () =>
            renderText(selected, { color: colorEnabled(io.stderr, io.env) }),
        }),
  });

  // From here the first Ctrl-C means "start nothing new, report", not "exit now".
  io.signals?.claim();
  const progress = createProgress(io.stderr, {
    quiet: options.quiet,
    color: colorEnabled(io.stderr, io.env),
    bar: barsEnabled(io.stderr, io.env),
  });
  const report = await applyPlan(selected, client, {
    concurrency,
    failFast: options.failFast,
    onEvent: progress.onEvent,
    ...(io.signals
      ? { interrupt: io.signals.interrupt, abort: io.signals.abort }
      : {}),
  });
  progress.stop();
  if (options.format === "json") writeJson(io, report);
  else {
    // A blank line parts the report from the plan printed above it.
    const gap = options.quiet ? "" : "\n";
    io.stdout.write(`${gap}${renderReport(report, { color })}`);
  }
  if (report.interrupted) return EXIT.interrupted;
  return report.summary.failed > 0 ? EXIT.error : EXIT.ok;
}

interface Prepared {
  readonly plan: Plan;
  readonly client: CsmClient;
  readonly concurrency: number;
}

/**
 * The saved plan, read and checked (format, shape), for the site connected to (the target
 * must match), restricted by --target / --exclude, and not stale: what each change touches is
 * re-read and must still be its `before` (checkStale). Nothing is written here.
 */
async function savedPlan(
  raw: RawCommand,
  options: ApplyCommandOptions,
  file: string,
  io: CliIo,
): Promise<Prepared> {
  let text: string;
  try {
    text = await readFile(resolve(io.cwd, file), "utf8");
  } catch (error) {
    throw new UsageError(`cannot read the saved plan ${file}`, {
      cause: error,
      hint: "write one with `orgsync plan --out FILE`",
    });
  }
  const whole = parseSavedPlan(text, file);
  const { client, baseUrl, concurrency } = await connectFromCli(raw.flags, io);
  if (!sameApiRoot(whole.target.baseUrl, baseUrl)) {
    throw new PlanTargetError(file, whole.target.baseUrl, baseUrl);
  }
  const check = await checkStale(select(whole, options, io), client, {
    concurrency,
  });
  if (check.stale.length > 0) throw new StalePlanError(file, check.stale);
  // Judged from the site as re-read, not from what the file says it held.
  return { plan: check.plan, client, concurrency };
}

/** The plan restricted by --target / --exclude; a pattern that selects nothing is warned of. */
function select(plan: Plan, options: ApplyCommandOptions, io: CliIo): Plan {
  if (options.target.length === 0 && options.exclude.length === 0) return plan;
  const selection = { target: options.target, exclude: options.exclude };
  warnUnmatched(unmatchedPatterns(plan, selection), io);
  return selectChanges(plan, selection);
}

/** Two API roots name the same site: compared as URLs, ignoring a trailing slash. */
function sameApiRoot(a: string, b: string): boolean {
  const normal = (url: string): string => {
    try {
      return new URL(url).href.replace(/\/+$/, "");
    } catch {
      return url.replace(/\/+$/, "");
    }
  };
  return normal(a) === normal(b);
}

/**
 * A saved plan was reviewed already (it is what `plan --out` printed): one line says which
 * plan is applied and what it holds, instead of printing it all again.
 */
function savedPlanLine(plan: Plan, file: string): string {
  const shown = escapeForTerminal(file);
  return plan.changes.length === 0
    ? `The saved plan ${shown} has no changes: nothing to apply.\n`
    : `Applying the saved plan ${shown} (made ${escapeForTerminal(plan.createdAt)}), checked against the site: ${summaryLine(plan.summary)}\n`;
}

function emptyReport(): ApplyReport {
  return {
    results: [],
    summary: { applied: 0, failed: 0, skipped: 0 },
    interrupted: false,
  };
}

function writeJson(io: CliIo, report: ApplyReport): void {
  io.stdout.write(`${terminalSafeJson(report, 2)}\n`);
}
