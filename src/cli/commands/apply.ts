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
import type { ServiceDeskAccess } from "../../api/servicedesk-types.js";
import type { CsmClient } from "../../api/types.js";
import { UsageError } from "../../util/errors.js";
import {
  parseSavedPlan,
  planNeedsServiceDesk,
  renderText,
  selectChanges,
  unmatchedPatterns,
  type Plan,
} from "../../plan/index.js";
import { summaryLine } from "../../plan/describe-change.js";
import { escapeForTerminal, terminalSafeJson } from "../../util/escape.js";
import { confirmApply } from "../confirm.js";
import { connectFromCli } from "../connection.js";
import {
  barsEnabled,
  colorEnabled,
  EXIT,
  type CliIo,
  type CommandResult,
} from "../io.js";
import {
  isTargeted,
  planForCli,
  renderPlan,
  warnUnmatched,
  type PlanFlags,
  type SelectionFlags,
} from "../plan-for-cli.js";
import { createProgress } from "../progress.js";

/** `orgsync apply` as commander parsed it. */
export interface ApplyOptions extends PlanFlags {
  readonly format: "text" | "json";
  /** `--plan FILE`: apply this saved plan. */
  readonly plan?: string | undefined;
  readonly autoApprove?: true | undefined;
  readonly allowDelete?: true | undefined;
  readonly allowReplace?: true | undefined;
  readonly maxDeletes: number;
  readonly force?: true | undefined;
  readonly failFast?: true | undefined;
  readonly quiet?: true | undefined;
}

/**
 * `orgsync apply`: plan (or read a saved plan and check it is not stale), show it, refuse
 * what lacks consent, confirm, apply, report. Nothing is written before the confirmation;
 * exit 0 when every change was applied, 1 when any failed or apply refused, 130 when
 * interrupted.
 */
export async function runApply(
  options: ApplyOptions,
  io: CliIo,
): Promise<CommandResult> {
  const planFile = options.plan;
  if (planFile !== undefined && options.paths.length > 0) {
    throw new UsageError(
      "give manifest paths or --plan FILE, not both: a saved plan already says what to change",
    );
  }
  const quiet = options.quiet === true;
  const {
    plan: selected,
    client,
    serviceDesk,
    concurrency,
  } = planFile === undefined
    ? await planForCli(options, io)
    : await savedPlan(options, planFile, io);

  const planShown = options.format === "text" && !quiet;
  const allowed = {
    delete: options.allowDelete === true,
    replace: options.allowReplace === true,
  };
  if (planShown) {
    // Shown now, before the question: no one is asked to approve what they have not seen.
    io.stdout.write(
      planFile === undefined
        ? renderPlan(selected, "text", io, {
            targeted: isTargeted(options),
            allowed,
          })
        : savedPlanLine(selected, planFile, isTargeted(options)),
    );
  }
  if (selected.changes.length === 0) {
    return {
      exitCode: EXIT.ok,
      ...(options.format === "json" ? { output: json(EMPTY_REPORT) } : {}),
    };
  }

  const refusals = checkSafety(selected, {
    allowDelete: options.allowDelete === true,
    allowReplace: options.allowReplace === true,
    maxDeletes: options.maxDeletes,
    force: options.force === true,
  });
  if (refusals.length > 0) throw new ApplyRefusedError(refusals);
  const count = selected.changes.length;
  await confirmApply(io, {
    autoApprove: options.autoApprove === true,
    question: `Apply ${count} change${count === 1 ? "" : "s"} to ${selected.target.baseUrl}?`,
    ...(planShown && planFile === undefined
      ? {}
      : {
          review: () =>
            renderText(selected, {
              color: colorEnabled(io.stderr, io.env),
              allowed,
            }),
        }),
  });

  // From here the first Ctrl-C means "start nothing new, report", not "exit now".
  io.signals?.claim();
  const progress = createProgress(io.stderr, {
    quiet,
    color: colorEnabled(io.stderr, io.env),
    bar: barsEnabled(io.stderr, io.env),
  });
  const report = await applyPlan(selected, client, {
    concurrency,
    serviceDesk,
    failFast: options.failFast === true,
    onEvent: progress.onEvent,
    ...(io.signals
      ? { interrupt: io.signals.interrupt, abort: io.signals.abort }
      : {}),
  });
  progress.stop();
  return {
    exitCode: report.interrupted
      ? EXIT.interrupted
      : report.summary.failed > 0
        ? EXIT.error
        : EXIT.ok,
    // A blank line parts the report from the plan printed above it.
    output:
      options.format === "json"
        ? json(report)
        : `${quiet ? "" : "\n"}${renderReport(report, { color: colorEnabled(io.stdout, io.env) })}`,
  };
}

interface Prepared {
  readonly plan: Plan;
  readonly client: CsmClient;
  readonly serviceDesk: ServiceDeskAccess;
  readonly concurrency: number;
}

/**
 * The saved plan, read and checked (format, shape), for the site connected to (the target
 * must match), restricted by --target / --exclude, and not stale: what each change touches is
 * re-read and must still be its `before` (checkStale). Nothing is written here.
 */
async function savedPlan(
  options: ApplyOptions,
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
  const { client, baseUrl, concurrency, serviceDesk } = await connectFromCli(
    options,
    io,
  );
  if (!sameApiRoot(whole.target.baseUrl, baseUrl)) {
    throw new PlanTargetError(file, whole.target.baseUrl, baseUrl);
  }
  // Version-1 plans made before the service desk API was used hold no root: they still apply,
  // as do plans that did not use it.
  const sd = whole.target.serviceDeskBaseUrl;
  if (
    sd !== undefined &&
    planNeedsServiceDesk(whole) &&
    !sameApiRoot(sd, serviceDesk.baseUrl ?? "")
  ) {
    throw new PlanTargetError(
      file,
      `the service desk API at ${sd}`,
      serviceDesk.baseUrl === undefined
        ? "no service desk API root (none given, none derived)"
        : `the service desk API at ${serviceDesk.baseUrl}`,
    );
  }
  const check = await checkStale(select(whole, options, io), client, {
    concurrency,
    serviceDesk,
  });
  if (check.stale.length > 0) throw new StalePlanError(file, check.stale);
  // Judged from the site as re-read, not from what the file says it held.
  return { plan: check.plan, client, serviceDesk, concurrency };
}

/** The plan restricted by --target / --exclude; a pattern that selects nothing is warned of. */
function select(plan: Plan, options: SelectionFlags, io: CliIo): Plan {
  const selection = {
    target: options.target ?? [],
    exclude: options.exclude ?? [],
  };
  if (selection.target.length === 0 && selection.exclude.length === 0)
    return plan;
  warnUnmatched(unmatchedPatterns(plan, selection), selection, io);
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
function savedPlanLine(plan: Plan, file: string, targeted: boolean): string {
  const shown = escapeForTerminal(file);
  if (plan.changes.length === 0 && targeted) {
    return `The saved plan ${shown} has no changes among the targeted addresses (targeting in effect): nothing to apply.\n`;
  }
  return plan.changes.length === 0
    ? `The saved plan ${shown} has no changes: nothing to apply.\n`
    : `Applying the saved plan ${shown} (made ${escapeForTerminal(plan.createdAt)}), checked against the site: ${summaryLine(plan.summary)}\n`;
}

const EMPTY_REPORT: ApplyReport = {
  results: [],
  summary: { applied: 0, failed: 0, skipped: 0 },
  interrupted: false,
};

const json = (report: ApplyReport): string =>
  `${terminalSafeJson(report, 2)}\n`;
