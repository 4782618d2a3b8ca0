import { readFileSync, statSync } from "node:fs";
import { resolve } from "node:path";

import { readTokenFile } from "../../api/load-credentials.js";

import {
  isLoopbackHost,
  runEmulatorUntil,
  type Dialect,
  type EmulatorOptions,
  type FaultKind,
  type LatencyConfig,
  type RunningEmulator,
} from "../../emulator/index.js";
import { UsageError } from "../../util/errors.js";
import { loadDesiredForCli } from "../load-desired.js";
import { manifestsToSeed } from "../manifests-to-seed.js";
import { EXIT, type CliIo, type CommandResult } from "../io.js";

/** `orgsync emulator` as commander parsed it (values checked by its argParsers). */
export interface EmulatorCommandOptions {
  readonly port: number;
  readonly host: string;
  /** `--allow-host NAME`, repeatable: more names the control endpoint answers to. */
  readonly allowHost?: readonly string[] | undefined;
  readonly state?: string | undefined;
  readonly persist?: true | undefined;
  readonly latency?: LatencyConfig | undefined;
  readonly faultRate?: number | undefined;
  readonly faultKinds?: readonly FaultKind[] | undefined;
  readonly rateLimit?: number | undefined;
  readonly dialect: Dialect;
  readonly predefinedFields?: true | undefined;
  readonly tokenFile?: string | undefined;
  /** Seed the site from these manifests (an export directory, say); not with `state`. */
  readonly stateFromManifests?: string | undefined;
}

/** The fault kinds used when `--fault-rate` is given without `--fault-kinds`. */
const DEFAULT_FAULT_KINDS: readonly FaultKind[] = ["500", "503"];

/** The emulator's options from the command's (paths resolved against `cwd`). */
export function emulatorOptions(
  options: EmulatorCommandOptions,
  cwd: string,
): EmulatorOptions {
  const { state, latency, faultRate, faultKinds, rateLimit } = options;
  if (options.persist === true && state === undefined) {
    throw new UsageError("--persist needs --state FILE to write the state to");
  }
  if (faultKinds !== undefined && faultRate === undefined) {
    throw new UsageError(
      "--fault-kinds needs --fault-rate (the share of requests that fail)",
    );
  }
  const allowHosts = (options.allowHost ?? []).filter(
    (name) => name.trim() !== "",
  );
  return {
    port: options.port,
    host: options.host,
    ...(allowHosts.length === 0 ? {} : { allowHosts }),
    ...(state === undefined ? {} : { stateFile: resolve(cwd, state) }),
    persist: options.persist === true,
    ...(latency === undefined ? {} : { latency }),
    ...(faultRate === undefined
      ? {}
      : {
          faults: {
            rate: faultRate,
            kinds: faultKinds ?? DEFAULT_FAULT_KINDS,
          },
        }),
    ...(rateLimit === undefined ? {} : { rateLimit: { rps: rateLimit } }),
    dialect: options.dialect,
    predefinedFields: options.predefinedFields === true,
  };
}

/** The token the emulator requires, and where it came from (for the banner; never the value). */
export interface EmulatorToken {
  readonly token: string;
  readonly source: "file" | "env";
  /** The token file as given, when it came from one. */
  readonly file?: string;
}

/**
 * The token to require: `--token-file FILE`, else `ORGSYNC_EMULATOR_TOKEN`; none means any
 * token works. Never a flag value: those land in shell history.
 */
function emulatorToken(
  flags: EmulatorCommandOptions,
  io: CliIo,
): EmulatorToken | undefined {
  const file = flags.tokenFile?.trim();
  if (file !== undefined && file !== "") {
    const path = resolve(io.cwd, file);
    const token = readTokenFile(file, {
      readFile: () => readFileSync(path, "utf8"),
      fileMode: () =>
        process.platform === "win32" ? undefined : statSync(path).mode,
      warn: (line) => io.stderr.write(`warning: ${line}\n`),
    });
    return { token, source: "file", file };
  }
  const token = io.env.ORGSYNC_EMULATOR_TOKEN?.trim();
  return token === undefined || token === ""
    ? undefined
    : { token, source: "env" };
}

/** How a client gets in: any token, or the one required (named by where it is, never shown). */
function tokenLine(baseUrl: string, token: EmulatorToken | undefined): string {
  if (token === undefined)
    return `any token works; for example: export ORGSYNC_TOKEN=dev ORGSYNC_BASE_URL=${baseUrl}`;
  const use =
    token.file !== undefined
      ? `ORGSYNC_TOKEN_FILE=${token.file}`
      : `ORGSYNC_TOKEN="$ORGSYNC_EMULATOR_TOKEN"`;
  const from =
    token.file !== undefined
      ? `the token in ${token.file}`
      : "the token in ORGSYNC_EMULATOR_TOKEN";
  return `only ${from} is accepted (other requests get 401); for example: export ${use} ORGSYNC_BASE_URL=${baseUrl}`;
}

function announce(
  emulator: RunningEmulator,
  options: EmulatorOptions,
  token: EmulatorToken | undefined,
  io: CliIo,
): void {
  io.stdout.write(
    `ORGSYNC_BASE_URL=${emulator.baseUrl}\nORGSYNC_SERVICEDESK_BASE_URL=${emulator.serviceDeskBaseUrl}\n`,
  );
  const host = options.host ?? "127.0.0.1";
  if (!isLoopbackHost(host))
    io.stderr.write(
      `warning: listening on ${host}, beyond this machine: anyone who can reach it can read, reconfigure and reset the emulated site through /_emulator/ (no token needed); use --host 127.0.0.1 unless other machines must reach it\n`,
    );
  const state = options.stateFile
    ? `${options.stateFile}${options.persist ? " (saved after every change)" : " (changes kept in memory only)"}`
    : options.seed
      ? "in memory, seeded from the manifests"
      : "in memory, empty";
  io.stderr.write(
    [
      `CSM and service desk API emulator listening at ${emulator.origin} (cloud id ${emulator.cloudId})`,
      tokenLine(emulator.baseUrl, token),
      `state: ${state}; inspect it at ${emulator.origin}/_emulator/state`,
      "press Ctrl-C to stop",
      "",
    ].join("\n"),
  );
}

/** `orgsync emulator`: serve the CSM API locally until interrupted. */
export async function runEmulator(
  flags: EmulatorCommandOptions,
  io: CliIo,
): Promise<CommandResult> {
  const token = emulatorToken(flags, io);
  const fromFlags = emulatorOptions(flags, io.cwd);
  const manifests = flags.stateFromManifests?.trim() || undefined;
  if (manifests !== undefined && fromFlags.stateFile !== undefined) {
    throw new UsageError(
      "--state-from-manifests and --state are two seeds; give one of them",
    );
  }
  const options: EmulatorOptions = {
    ...fromFlags,
    ...(manifests === undefined
      ? {}
      : {
          seed: manifestsToSeed(
            (
              await loadDesiredForCli(
                [manifests],
                io,
                token ? [token.token] : [],
              )
            ).desired,
            { predefinedFields: fromFlags.predefinedFields === true },
          ),
        }),
    ...(token === undefined ? {} : { token: token.token }),
    log: (line) => io.stderr.write(`${line}\n`),
  };
  io.signals?.claim();
  const stop = io.signals
    ? AbortSignal.any([io.signals.interrupt, io.signals.abort])
    : new AbortController().signal;
  try {
    await runEmulatorUntil(options, stop, (emulator) =>
      announce(emulator, options, token, io),
    );
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "EADDRINUSE") {
      throw new UsageError(
        `port ${options.port} on ${options.host} is already in use`,
        {
          cause: error,
          hint: "pick another with --port N, or --port 0 for any free port",
        },
      );
    }
    throw error;
  }
  return { exitCode: EXIT.ok, notes: "emulator stopped\n" };
}
