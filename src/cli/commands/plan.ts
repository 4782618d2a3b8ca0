import { resolve } from "node:path";

import { OrgsyncError, UsageError } from "../../util/errors.js";
import {
  MARKDOWN_PART_SEPARATOR,
  renderJson,
  renderMarkdown,
  renderText,
  type Plan,
} from "../../plan/index.js";
import { writeFileAtomic } from "../../util/write-file-atomic.js";
import { colorEnabled, EXIT, type CliIo } from "../io.js";
import type { RawCommand } from "../main.js";
import { planForCli } from "../plan-for-cli.js";

type Format = "text" | "json" | "markdown";

/** `orgsync plan` as a typed options object. */
export interface PlanCommandOptions {
  readonly format: Format;
  /** Save the plan here for `apply --plan`. */
  readonly out: string | undefined;
  /** Exit 2 when the plan has changes. */
  readonly detailedExitcode: boolean;
}

export function planOptions(raw: RawCommand): PlanCommandOptions {
  const { format, out, detailedExitcode } = raw.flags;
  if (format !== "text" && format !== "json" && format !== "markdown") {
    throw new UsageError(
      `--format ${JSON.stringify(format)} is not a plan format`,
      {
        hint: "use --format text, json or markdown",
      },
    );
  }
  if (out !== undefined && (typeof out !== "string" || out.trim() === "")) {
    throw new UsageError("--out needs a file name");
  }
  return { format, out, detailedExitcode: detailedExitcode === true };
}

/**
 * `orgsync plan`: validate (bad input: exit 1, zero requests), read the site, plan, render
 * on stdout, optionally save. Exit 0, or 2 with --detailed-exitcode when there are changes.
 */
export async function runPlan(raw: RawCommand, io: CliIo): Promise<number> {
  const options = planOptions(raw);
  const { plan } = await planForCli(raw, io);
  io.stdout.write(render(plan, options.format, io));
  if (options.out !== undefined) {
    const path = resolve(io.cwd, options.out);
    try {
      await writeFileAtomic(path, renderJson(plan));
    } catch (error) {
      throw new OrgsyncError(
        "E_WRITE",
        `could not save the plan to ${options.out}`,
        {
          cause: error,
          hint: "check that the directory exists and is writable",
        },
      );
    }
    io.stderr.write(
      `Saved the plan to ${options.out}. Apply exactly it with: orgsync apply --plan ${options.out}\n`,
    );
  }
  return options.detailedExitcode && plan.changes.length > 0
    ? EXIT.changes
    : EXIT.ok;
}

function render(plan: Plan, format: Format, io: CliIo): string {
  switch (format) {
    case "json":
      // The same JSON value as the saved file, with no character that acts on a terminal.
      return renderJson(plan);
    case "markdown":
      return `${renderMarkdown(plan).join(MARKDOWN_PART_SEPARATOR)}\n`;
    case "text":
      return renderText(plan, {
        color: colorEnabled(io.stdout, io.env),
        ...(io.stdout.isTTY === true && io.stdout.columns !== undefined
          ? { width: io.stdout.columns }
          : {}),
      });
  }
}
