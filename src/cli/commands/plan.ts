import { resolve } from "node:path";

import { OrgsyncError } from "../../util/errors.js";
import { renderJson } from "../../plan/index.js";
import { writeFileAtomic } from "../../util/write-file-atomic.js";
import { EXIT, type CliIo, type CommandResult } from "../io.js";
import {
  isTargeted,
  planForCli,
  renderPlan,
  type PlanFlags,
  type PlanFormat,
} from "../plan-for-cli.js";

/** `orgsync plan` as commander parsed it. */
export interface PlanOptions extends PlanFlags {
  readonly format: PlanFormat;
  /** Save the plan here for `apply --plan`. */
  readonly out?: string | undefined;
  /** Exit 2 when the plan has changes. */
  readonly detailedExitcode?: true | undefined;
}

/**
 * `orgsync plan`: validate (bad input: exit 1, zero requests), read the site, plan, render
 * on stdout, optionally save. Exit 0, or 2 with --detailed-exitcode when there are changes.
 */
export async function runPlan(
  options: PlanOptions,
  io: CliIo,
): Promise<CommandResult> {
  const { plan } = await planForCli(options, io);
  const output = renderPlan(plan, options.format, io, {
    targeted: isTargeted(options),
  });
  let notes: string | undefined;
  if (options.out !== undefined) {
    try {
      await writeFileAtomic(resolve(io.cwd, options.out), renderJson(plan));
    } catch (error) {
      // The plan was read and rendered: show it, then say it could not be saved.
      io.stdout.write(output);
      throw new OrgsyncError(
        "E_WRITE",
        `could not save the plan to ${options.out}`,
        {
          cause: error,
          hint: "check that the directory exists and is writable",
        },
      );
    }
    notes = `Saved the plan to ${options.out}. Apply exactly it with: orgsync apply --plan ${options.out}\n`;
  }
  const changes = options.detailedExitcode && plan.changes.length > 0;
  return {
    exitCode: changes ? EXIT.changes : EXIT.ok,
    output,
    ...(notes === undefined ? {} : { notes }),
  };
}
