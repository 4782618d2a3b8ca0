import { Command, CommanderError, Option } from "commander";

import { isOrgsyncError } from "../util/errors.js";
import { terminalSafeJson } from "../util/escape.js";
import { ORGSYNC_VERSION } from "../version.js";
import { EXIT, type CliIo } from "./io.js";
import { reportError } from "./report-error.js";

/** Parsed positional paths and flags of one command, as commander produced them. */
export interface RawCommand {
  readonly args: readonly string[];
  readonly flags: Readonly<Record<string, unknown>>;
}

type CommandRunner = (raw: RawCommand, io: CliIo) => Promise<number>;

/**
 * Each command's module is imported only when that command runs, so `orgsync --version`
 * and `orgsync validate` never load got, the planner or the emulator.
 */
const COMMANDS: Record<string, () => Promise<CommandRunner>> = {
  validate: async () => (await import("./commands/validate.js")).runValidate,
  plan: async () => (await import("./commands/plan.js")).runPlan,
  apply: async () => (await import("./commands/apply.js")).runApply,
  drift: async () => (await import("./commands/drift.js")).runDrift,
  export: async () => (await import("./commands/export.js")).runExport,
  doctor: async () => (await import("./commands/doctor.js")).runDoctorCommand,
  emulator: async () => (await import("./commands/emulator.js")).runEmulator,
  demo: async () => (await import("./commands/demo.js")).runDemo,
};

const collect = (value: string, previous: string[] = []): string[] => [
  ...previous,
  value,
];

function connectionOptions(command: Command): Command {
  return command
    .option(
      "--base-url <url>",
      "the whole API root (emulator, proxy); env ORGSYNC_BASE_URL",
    )
    .option("--cloud-id <id>", "the site's cloud id; env ORGSYNC_CLOUD_ID")
    .option(
      "--site <host>",
      "the site, NAME.atlassian.net (its cloud id is looked up)",
    )
    .option(
      "--token-file <path>",
      "read the API token from this file (env ORGSYNC_TOKEN_FILE); never pass a token as a flag",
    )
    .option("--timeout <ms>", "per-request timeout in milliseconds")
    .option(
      "--debug",
      "log every request and the rate-limit gate to stderr (no credentials)",
    )
    .option(
      "--record <file>",
      "write every HTTP exchange to FILE as JSON lines (mode 0600), credentials and cookies removed; the bodies hold customer data: keep the file private",
    );
}

/** `--target` / `--exclude`: address globs, as docs/plan.md describes them. */
function selectionOptions(command: Command): Command {
  return command
    .option(
      "--target <glob>",
      "only objects whose address matches (repeatable)",
      collect,
    )
    .option(
      "--exclude <glob>",
      "leave out objects whose address matches (repeatable)",
      collect,
    );
}

function formatOption(formats: readonly string[]): Option {
  return new Option("--format <format>", "output format")
    .choices(formats)
    .default("text");
}

function buildProgram(
  io: CliIo,
  run: (name: string, raw: RawCommand) => Promise<void>,
): Command {
  const program = new Command("orgsync")
    .description(
      "Jira Service Management organizations as code: validate, plan, apply, drift.",
    )
    .version(ORGSYNC_VERSION, "-V, --version")
    .showHelpAfterError("(run with --help for usage)")
    .exitOverride()
    .configureOutput({
      writeOut: (text) => io.stdout.write(text),
      writeErr: (text) => io.stderr.write(text),
    });

  const paths =
    "manifest files or directories (default: ./orgsync if it exists, else .)";
  const action =
    (name: string) =>
    async (...params: unknown[]): Promise<void> => {
      const command = params[params.length - 1] as Command;
      await run(name, { args: command.args, flags: command.opts() });
    };

  program
    .command("validate")
    .description("check manifests offline; every problem at file:line:col")
    .argument("[paths...]", paths)
    .addOption(formatOption(["text", "json"]))
    .option(
      "--token-file <path>",
      "the token file plan would use (env ORGSYNC_TOKEN_FILE): a manifest value holding the token is refused",
    )
    .action(action("validate"));

  connectionOptions(
    selectionOptions(program.command("plan"))
      .description("show what apply would change on the live site")
      .argument("[paths...]", paths)
      .addOption(formatOption(["text", "json", "markdown"]))
      .option("--out <file>", "save the plan for `apply --plan`")
      .option("--detailed-exitcode", "exit 2 when the plan has changes")
      .option("--concurrency <n>", "parallel API requests", "8"),
  ).action(action("plan"));

  connectionOptions(
    selectionOptions(program.command("apply"))
      .description("make the live site match the manifests (or a saved plan)")
      .argument("[paths...]", paths)
      .addOption(formatOption(["text", "json"]))
      .option(
        "--plan <file>",
        "apply this saved plan, after checking nothing changed since",
      )
      .option("--auto-approve", "do not ask for confirmation (pipelines)")
      .option("--allow-delete", "allow destructive deletes")
      .option(
        "--allow-replace",
        "allow field replacements (type changes; destroys values)",
      )
      .option(
        "--max-deletes <n>",
        "refuse more deletes than this unless --force",
        "10",
      )
      .option("--force", "ignore --max-deletes")
      .option("--concurrency <n>", "parallel API requests", "8")
      .option(
        "--fail-fast",
        "stop scheduling new changes after the first failure",
      )
      .option("--quiet", "print only the summary and errors"),
  ).action(action("apply"));

  connectionOptions(
    program
      .command("drift")
      .description(
        "read-only: report where the live site differs from the manifests (exit 2)",
      )
      .argument("[paths...]", paths)
      .addOption(formatOption(["text", "json", "markdown"]))
      .option(
        "--ignore-file <file>",
        "acknowledged drift (default: .orgsync-ignore.yaml)",
      )
      .option("--concurrency <n>", "parallel API requests", "8"),
  ).action(action("drift"));

  connectionOptions(
    program
      .command("export")
      .description(
        "write manifests from the live site; the API cannot list organizations, so name them",
      )
      .option("--out <dir>", "directory to write into", "orgsync")
      .option("--org <name>", "an organization to export (repeatable)", collect)
      .option("--from-file <file>", "organization names, one a line")
      .option("--fields-only", "export only the detail fields")
      .option("--concurrency <n>", "parallel API requests", "8"),
  ).action(action("export"));

  connectionOptions(
    program
      .command("doctor")
      .description(
        "read-only: check that orgsync can work with the site (credentials, API root, every read call)",
      )
      .addOption(formatOption(["text", "json"])),
  ).action(action("doctor"));

  program
    .command("emulator")
    .description("run a local CSM API emulator to rehearse against")
    .option("--port <n>", "port to listen on (0: any free port)", "4010")
    .option("--host <host>", "address to listen on", "127.0.0.1")
    .option(
      "--allow-host <name>",
      "another host name the control endpoint answers to, e.g. a CI service name (repeatable)",
      collect,
    )
    .option("--state <file>", "seed state (JSON or YAML)")
    .option(
      "--state-from-manifests <path>",
      "seed state: the site these manifests describe (e.g. an export); not with --state",
    )
    .option("--persist", "write the state back to --state after every change")
    .option(
      "--latency <ms>",
      "added latency per request, e.g. 20 or 20+10 (fixed+jitter)",
    )
    .option("--fault-rate <p>", "share of requests that fail, 0..1")
    .option(
      "--fault-kinds <list>",
      "comma-separated: 500,503,429,reset,hang,done-500 (default: 500,503)",
    )
    .option("--rate-limit <rps>", "requests per second before 429")
    .addOption(
      new Option(
        "--dialect <dialect>",
        "strict: exactly the documented answers; lenient: unknown properties, other error envelopes, HTML 429s",
      )
        .choices(["strict", "lenient"])
        .default("strict"),
    )
    .option(
      "--predefined-fields",
      "start with the predefined organization fields (Type, Industry, External ID, Address, Website, Customer Segment)",
    )
    .option(
      "--token-file <path>",
      "accept only the token in this file (env ORGSYNC_EMULATOR_TOKEN); others get 401",
    )
    .action(action("emulator"));

  program
    .command("demo")
    .description(
      "plan, apply and plan again against an embedded emulator seeded from examples/",
    )
    .option("--examples <dir>", "the manifests to use", "examples")
    .action(action("demo"));

  return program;
}

/**
 * The whole CLI as a function: argv (without `node` and the script) in, exit code out. Only
 * `bin.ts` turns the code into a process exit.
 */
export async function main(
  argv: readonly string[],
  io: CliIo,
): Promise<number> {
  let exitCode: number = EXIT.ok;
  let json = false;
  const program = buildProgram(io, async (name, raw) => {
    const load = COMMANDS[name];
    if (!load) throw new Error(`no command ${name}`);
    json = raw.flags.format === "json";
    exitCode = await (await load())(raw, io);
  });
  try {
    await program.parseAsync([...argv], { from: "user" });
    return exitCode;
  } catch (error) {
    if (error instanceof CommanderError) {
      // Help and version exit 0; every usage mistake is exit 1 (commander already said why).
      return error.exitCode === 0 ? EXIT.ok : EXIT.error;
    }
    reportError(error, io);
    // stdout stays the machine contract: valid JSON even when the command failed.
    if (json) io.stdout.write(errorJson(error));
    return isOrgsyncError(error) && error.code === "E_INTERRUPTED"
      ? EXIT.interrupted
      : EXIT.error;
  }
}

/** `{"error": {code, message, hint?}}`, what `--format json` prints when the command failed. */
function errorJson(error: unknown): string {
  const known = isOrgsyncError(error);
  return `${terminalSafeJson(
    {
      error: {
        code: known ? error.code : "E_INTERNAL",
        message: error instanceof Error ? error.message : String(error),
        ...(known && error.hint !== undefined ? { hint: error.hint } : {}),
      },
    },
    2,
  )}\n`;
}
