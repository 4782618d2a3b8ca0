/**
 * Every command and option of the CLI, declared with commander: the one place to read the
 * whole command line. Over 300 lines on purpose: one declaration per command, sharing the
 * option builders below; split per command, the shared options would be scattered.
 */
import {
  Command,
  Option,
  type OptionValues,
} from "@commander-js/extra-typings";

import { DIALECTS } from "../emulator/dialect.js";
import { ORGSYNC_VERSION } from "../version.js";
import type { DemoOptions, RunCli } from "./commands/demo.js";
import { withoutColor, type CliIo, type CommandResult } from "./io.js";
import { CONNECTION_HELP, commandHelp } from "./help-text.js";
import {
  collect,
  fileName,
  parseConcurrency,
  parseKinds,
  parseLatency,
  parseMaxDeletes,
  parsePort,
  parseRate,
  parseRps,
  positiveInteger,
} from "./flags.js";

/*
 * The command line: every command, flag and argument, typed by commander
 * (@commander-js/extra-typings), so that each command receives typed options. Each command's
 * module is imported only when that command runs (the actions below), so `orgsync --version`
 * and `orgsync validate` never load got, the planner or the emulator.
 */

/** How a command reaches the site (docs/connection.md). */
function connectionOptions<Args extends unknown[], Opts extends OptionValues>(
  command: Command<Args, Opts>,
) {
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
      "--servicedesk-base-url <url>",
      "the service desk API root, when it cannot be derived; env ORGSYNC_SERVICEDESK_BASE_URL",
    )
    .option(
      "--token-file <path>",
      "read the API token from this file (env ORGSYNC_TOKEN_FILE); never pass a token as a flag",
    )
    .option(
      "--timeout <ms>",
      "per-request timeout in milliseconds",
      positiveInteger("--timeout"),
    )
    .option(
      "--debug",
      "log every request and the rate-limit gate to stderr (no credentials)",
    )
    .option(
      "--record <file>",
      "write every HTTP exchange to FILE as JSON lines (mode 0600), credentials and cookies removed; the bodies hold customer data: keep the file private",
      fileName("--record"),
    )
    .addHelpText("after", CONNECTION_HELP);
}

/** `--target` / `--exclude`: address globs, as docs/plan.md describes them. */
function selectionOptions<Args extends unknown[], Opts extends OptionValues>(
  command: Command<Args, Opts>,
) {
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

/** `--format`, one of `formats`, text by default. */
function formatOption<const T extends readonly string[]>(formats: T) {
  return new Option("--format <format>", "output format")
    .choices(formats)
    .default("text");
}

/** `--concurrency`, parallel API requests. */
const concurrencyOption = () =>
  new Option("--concurrency <n>", "parallel API requests")
    .argParser(parseConcurrency)
    .default(8);

/**
 * The whole command line. Each action runs its command with the typed options commander
 * parsed, and hands the result to `done`.
 */
export function buildProgram(
  io: CliIo,
  done: (result: CommandResult) => void,
  main: RunCli,
): Command {
  /** The action of a command whose module is loaded only when it runs. */
  const lazy =
    <O>(
      load: () => Promise<(options: O, io: CliIo) => Promise<CommandResult>>,
    ) =>
    async (options: O): Promise<void> => {
      done(await (await load())(options, commandIo()));
    };
  const commandIo = (): CliIo =>
    program.opts().color === false ? withoutColor(io) : io;
  const validate = lazy(
    async () => (await import("./commands/validate.js")).runValidate,
  );
  const plan = lazy(async () => (await import("./commands/plan.js")).runPlan);
  const apply = lazy(
    async () => (await import("./commands/apply.js")).runApply,
  );
  const drift = lazy(
    async () => (await import("./commands/drift.js")).runDrift,
  );

  const program = new Command("orgsync")
    .description(
      "Jira Service Management organizations as code: validate, plan, apply, drift.",
    )
    .version(ORGSYNC_VERSION, "-V, --version")
    .option(
      "--no-color",
      "no colours and no progress bars, before or after the command (as NO_COLOR=1 does)",
    )
    .showHelpAfterError("(run with --help for usage)")
    .exitOverride()
    .configureOutput({
      writeOut: (text) => io.stdout.write(text),
      writeErr: (text) => io.stderr.write(text),
    });

  const paths = "manifest files or directories (default: ./orgsync)";

  program
    .command("validate")
    .description("check manifests offline; every problem at file:line:col")
    .argument("[paths...]", paths)
    .addOption(formatOption(["text", "json"]))
    .option(
      "--token-file <path>",
      "the token file plan would use (env ORGSYNC_TOKEN_FILE): a manifest value holding the token is refused",
    )
    .addHelpText("after", commandHelp("validate"))
    .action((paths, options) => validate({ paths, ...options }));

  connectionOptions(
    selectionOptions(program.command("plan"))
      .description("show what apply would change on the live site")
      .argument("[paths...]", paths)
      .addOption(formatOption(["text", "json", "markdown"]))
      .option(
        "--out <file>",
        "save the plan for `apply --plan`",
        fileName("--out"),
      )
      .option("--detailed-exitcode", "exit 2 when the plan has changes")
      .option(
        "--show-unmanaged",
        "also list the organizations no manifest declares (service desk API)",
      )
      .addOption(concurrencyOption()),
  )
    .addHelpText("after", commandHelp("plan"))
    .action((paths, options) => plan({ paths, ...options }));

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
      .addOption(
        new Option(
          "--max-deletes <n>",
          "refuse more deletes than this unless --force",
        )
          .argParser(parseMaxDeletes)
          .default(10),
      )
      .option("--force", "ignore --max-deletes")
      .addOption(concurrencyOption())
      .option(
        "--fail-fast",
        "stop scheduling new changes after the first failure",
      )
      .option("--quiet", "print only the summary and errors"),
  )
    .addHelpText("after", commandHelp("apply"))
    .action((paths, options) => apply({ paths, ...options }));

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
        "acknowledged drift (default: .orgsync-ignore.yaml here, else beside the first path)",
        fileName("--ignore-file"),
      )
      .option(
        "--show-unmanaged",
        "also list the organizations no manifest declares (service desk API)",
      )
      .option(
        "--fail-on-unmanaged",
        "as --show-unmanaged, and exit 2 when there are any",
      )
      .addOption(concurrencyOption()),
  )
    .addHelpText("after", commandHelp("drift"))
    .action((paths, options) => drift({ paths, ...options }));

  connectionOptions(
    program
      .command("export")
      .description(
        "write manifests from the live site; the API cannot list organizations, so name them (or --all)",
      )
      .option("--out <dir>", "directory to write into", "orgsync")
      .option(
        "--all",
        "export every organization on the site (listed through the service desk API)",
      )
      .option("--org <name>", "an organization to export (repeatable)", collect)
      .option("--from-file <file>", "organization names, one a line")
      .option("--fields-only", "export only the detail fields")
      .option(
        "--force",
        "overwrite files in --out whose content differs from what export writes",
      )
      .addOption(concurrencyOption()),
  )
    .addHelpText("after", commandHelp("export"))
    .action(lazy(async () => (await import("./commands/export.js")).runExport));

  connectionOptions(
    program
      .command("doctor")
      .description(
        "read-only: check that orgsync can work with the site (credentials, API root, every read call)",
      )
      .addOption(formatOption(["text", "json"])),
  )
    .addHelpText("after", commandHelp("doctor"))
    .action(
      lazy(async () => (await import("./commands/doctor.js")).runDoctorCommand),
    );

  program
    .command("emulator")
    .description("run a local CSM API emulator to rehearse against")
    .option(
      "--port <n>",
      "port to listen on (0: any free port)",
      parsePort,
      4010,
    )
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
      parseLatency,
    )
    .option("--fault-rate <p>", "share of requests that fail, 0..1", parseRate)
    .option(
      "--fault-kinds <list>",
      "comma-separated: 500,503,429,reset,hang,done-500 (default: 500,503)",
      parseKinds,
    )
    .option("--rate-limit <rps>", "requests per second before 429", parseRps)
    .addOption(
      new Option(
        "--dialect <dialect>",
        "strict: exactly the documented answers; lenient: unknown properties, other error envelopes, HTML 429s",
      )
        .choices(DIALECTS)
        .default("strict" as const),
    )
    .option(
      "--predefined-fields",
      "start with the predefined organization fields (Type, Industry, External ID, Address, Website, Customer Segment) and customer fields (Full name, Phone, External ID, Title, Region, Preferred Language, Type)",
    )
    .option(
      "--token-file <path>",
      "accept only the token in this file (env ORGSYNC_EMULATOR_TOKEN); others get 401",
    )
    .addHelpText("after", commandHelp("emulator"))
    .action(
      lazy(async () => (await import("./commands/emulator.js")).runEmulator),
    );

  program
    .command("demo")
    .description(
      "plan, apply and plan again against an embedded emulator seeded from examples/",
    )
    .option("--examples <dir>", "the manifests to use", "examples")
    .addHelpText("after", commandHelp("demo"))
    .action(
      lazy(async () => {
        const { runDemo } = await import("./commands/demo.js");
        return (options: DemoOptions, demoIo) => runDemo(options, demoIo, main);
      }),
    );

  return program;
}
