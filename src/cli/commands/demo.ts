import { randomBytes } from "node:crypto";
import { access, mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, relative, resolve } from "node:path";

import { startEmulator } from "../../emulator/index.js";
import { OrgsyncError } from "../../util/errors.js";
import { createStyle } from "../../util/style.js";
import { colorEnabled, EXIT, type CliIo, type CommandResult } from "../io.js";

/** Runs one orgsync command line, as `main` does: the demo's steps. */
export type RunCli = (argv: readonly string[], io: CliIo) => Promise<number>;

/** `orgsync demo` as commander parsed it. */
export interface DemoOptions {
  /** The examples directory: manifests in orgsync/ and the emulator seed. */
  readonly examples: string;
}

/** The seed file, inside the examples directory, that the demo's emulator starts from. */
const DEMO_SEED_FILE = "emulator-seed.json";

/** The manifests, inside the examples directory (laid out as a project that uses orgsync). */
const DEMO_MANIFESTS = "orgsync";

/** The examples directory has no emulator seed to start the demo from. */
class DemoSeedMissingError extends OrgsyncError {
  constructor(file: string, options: { cause?: unknown } = {}) {
    super(
      "E_DEMO_SEED",
      `the demo needs an emulator seed at ${file}, and there is none`,
      {
        ...options,
        hint: "run the demo from the orgsync checkout (npm start), or pass --examples DIR holding orgsync/ (the manifests) and emulator-seed.json",
      },
    );
  }
}

/**
 * `orgsync demo`: the whole loop in one command, with no network. Starts the emulator on a
 * loopback port seeded from `examples/emulator-seed.json`, then runs the real CLI against it
 * and the manifests in `examples/orgsync/` — plan --out (a temporary file), apply --plan
 * --auto-approve, plan again — and exits 0 only when the second plan is empty. `run` is the
 * CLI itself (main), passed in so that no command imports the entry point.
 */
export async function runDemo(
  options: DemoOptions,
  io: CliIo,
  run: RunCli,
): Promise<CommandResult> {
  const dir = resolve(io.cwd, options.examples);
  const shown = relative(io.cwd, dir) || ".";
  const manifests = join(shown, DEMO_MANIFESTS);
  const seedFile = join(dir, DEMO_SEED_FILE);
  try {
    await access(seedFile);
  } catch (error) {
    throw new DemoSeedMissingError(join(shown, DEMO_SEED_FILE), {
      cause: error,
    });
  }
  const style = createStyle(colorEnabled(io.stdout, io.env));
  // A token made up for this run only: the emulator accepts nothing else.
  const token = `demo-${randomBytes(12).toString("hex")}`;
  const emulator = await startEmulator({
    host: "127.0.0.1",
    port: 0,
    stateFile: seedFile,
    token,
    quiet: true,
  });
  const scratch = await mkdtemp(join(tmpdir(), "orgsync-demo-"));
  try {
    const env = demoEnv(io.env, emulator.baseUrl, token);
    const demoIo: CliIo = { ...io, env };
    const say = (text: string): void => {
      io.stdout.write(`${text}\n`);
    };
    const step = async (title: string, argv: string[]): Promise<number> => {
      say("");
      say(style.bold(`── ${title}`));
      say(style.dim(`$ orgsync ${argv.join(" ")}`));
      return run(argv, demoIo);
    };

    say(
      `orgsync demo: a CSM site emulated on ${emulator.origin} (seeded from ${join(shown, DEMO_SEED_FILE)}), managed by the manifests in ${manifests}/`,
    );
    // The reviewed-plan workflow: save the plan, then apply exactly it.
    const planFile = join(scratch, "plan.json");
    const first = await step("1. What would change?", [
      "plan",
      manifests,
      "--out",
      planFile,
    ]);
    if (first !== EXIT.ok) return failed("the first plan failed");
    const applied = await step("2. Apply exactly that plan", [
      "apply",
      "--plan",
      planFile,
      "--auto-approve",
    ]);
    if (applied !== EXIT.ok) {
      return applied === EXIT.interrupted
        ? { exitCode: EXIT.interrupted }
        : failed("apply did not finish (a refusal, or a change failed)");
    }
    const second = await step("3. Plan again: nothing left to do", [
      "plan",
      manifests,
      "--detailed-exitcode",
    ]);
    if (second !== EXIT.ok) {
      return failed("the second plan is not empty: apply did not converge");
    }
    return {
      exitCode: EXIT.ok,
      output: `\n${style.green(
        `The second plan is empty: the site matches the manifests. Edit the manifests in ${manifests}/ and run the demo again (npm start) to see your change planned and applied.`,
      )}\n`,
    };
  } finally {
    await emulator.close();
    await rm(scratch, { recursive: true, force: true });
  }
}

/**
 * The user's environment without any orgsync connection settings (the demo must never reach
 * a real site), pointed at the emulator.
 */
function demoEnv(
  env: CliIo["env"],
  baseUrl: string,
  token: string,
): Record<string, string | undefined> {
  // fromEntries defines each key as data: "__proto__" in the environment stays a plain key.
  const clean = Object.entries(env).filter(([k]) => !k.startsWith("ORGSYNC_"));
  return Object.fromEntries([
    ...clean,
    ["ORGSYNC_BASE_URL", baseUrl],
    ["ORGSYNC_TOKEN", token],
  ]);
}

const failed = (why: string): CommandResult => ({
  exitCode: EXIT.error,
  notes: `demo failed: ${why} (see above)\n`,
});
