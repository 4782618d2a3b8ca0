import { readFileSync, statSync } from "node:fs";
import { resolve } from "node:path";

import { readTokenFile } from "../../api/load-credentials.js";

import {
  FAULT_KINDS,
  isLoopbackHost,
  runEmulatorUntil,
  type EmulatorOptions,
  type FaultKind,
  type LatencyConfig,
  type RunningEmulator,
} from "../../emulator/index.js";
import { UsageError } from "../../util/errors.js";
import { EXIT, type CliIo } from "../io.js";
import { loadDesiredForCli } from "../load-desired.js";
import { manifestsToSeed } from "../manifests-to-seed.js";
import type { RawCommand } from "../main.js";

/** The fault kinds used when `--fault-rate` is given without `--fault-kinds`. */
const DEFAULT_FAULT_KINDS: readonly FaultKind[] = ["500", "503"];

const text = (value: unknown): string | undefined =>
  typeof value === "string" ? value : undefined;

function parsePort(value: string): number {
  const port = /^\d{1,5}$/.test(value) ? Number(value) : Number.NaN;
  if (!(port >= 0 && port <= 65535)) {
    throw new UsageError(
      `--port must be a port number from 0 to 65535, found "${value}"`,
    );
  }
  return port;
}

function parseLatency(value: string): LatencyConfig {
  const match = /^(\d+(?:\.\d+)?)(?:\+(\d+(?:\.\d+)?))?$/.exec(value.trim());
  if (!match) {
    throw new UsageError(
      `--latency must be milliseconds, optionally plus jitter ("20" or "20+10"), found "${value}"`,
    );
  }
  return {
    fixedMs: Number(match[1]),
    ...(match[2] === undefined ? {} : { jitterMs: Number(match[2]) }),
  };
}

function parseRate(value: string): number {
  const rate = /^\d*\.?\d+$/.test(value.trim()) ? Number(value) : Number.NaN;
  if (!(rate >= 0 && rate <= 1)) {
    throw new UsageError(
      `--fault-rate must be a share from 0 to 1 (0.1 fails one request in ten), found "${value}"`,
    );
  }
  return rate;
}

function parseKinds(value: string): FaultKind[] {
  const kinds = value
    .split(",")
    .map((kind) => kind.trim())
    .filter((kind) => kind !== "");
  const unknown = kinds.filter(
    (kind) => !(FAULT_KINDS as readonly string[]).includes(kind),
  );
  if (kinds.length === 0 || unknown.length > 0) {
    throw new UsageError(
      `--fault-kinds must list some of ${FAULT_KINDS.join(", ")}, found "${value}"`,
    );
  }
  return kinds as FaultKind[];
}

function parseRps(value: string): number {
  const rps = /^\d*\.?\d+$/.test(value.trim()) ? Number(value) : Number.NaN;
  if (!(rps > 0)) {
    throw new UsageError(
      `--rate-limit must be a number of requests per second above 0, found "${value}"`,
    );
  }
  return rps;
}

/** The emulator's options from the command's flags (paths resolved against `cwd`). */
export function emulatorOptionsFromFlags(
  flags: RawCommand["flags"],
  cwd: string,
): EmulatorOptions {
  const state = text(flags.state);
  const latency = text(flags.latency);
  const faultRate = text(flags.faultRate);
  const faultKinds = text(flags.faultKinds);
  const rateLimit = text(flags.rateLimit);
  if (flags.persist === true && state === undefined) {
    throw new UsageError("--persist needs --state FILE to write the state to");
  }
  if (faultKinds !== undefined && faultRate === undefined) {
    throw new UsageError(
      "--fault-kinds needs --fault-rate (the share of requests that fail)",
    );
  }
  const allowHosts = Array.isArray(flags.allowHost)
    ? flags.allowHost.map(String).filter((name) => name.trim() !== "")
    : [];
  return {
    port: parsePort(text(flags.port) ?? "4010"),
    host: text(flags.host) ?? "127.0.0.1",
    ...(allowHosts.length === 0 ? {} : { allowHosts }),
    ...(state === undefined ? {} : { stateFile: resolve(cwd, state) }),
    persist: flags.persist === true,
    ...(latency === undefined ? {} : { latency: parseLatency(latency) }),
    ...(faultRate === undefined
      ? {}
      : {
          faults: {
            rate: parseRate(faultRate),
            kinds:
              faultKinds === undefined
                ? DEFAULT_FAULT_KINDS
                : parseKinds(faultKinds),
          },
        }),
    ...(rateLimit === undefined
      ? {}
      : { rateLimit: { rps: parseRps(rateLimit) } }),
    // commander checks the choices.
    dialect: flags.dialect === "lenient" ? "lenient" : "strict",
    predefinedFields: flags.predefinedFields === true,
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
export function emulatorToken(
  flags: RawCommand["flags"],
  io: Pick<CliIo, "env" | "cwd" | "stderr">,
): EmulatorToken | undefined {
  const file = text(flags.tokenFile)?.trim();
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
  io.stdout.write(`ORGSYNC_BASE_URL=${emulator.baseUrl}\n`);
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
      `CSM API emulator listening at ${emulator.origin} (cloud id ${emulator.cloudId})`,
      tokenLine(emulator.baseUrl, token),
      `state: ${state}; inspect it at ${emulator.origin}/_emulator/state`,
      "press Ctrl-C to stop",
      "",
    ].join("\n"),
  );
}

/** `orgsync emulator`: serve the CSM API locally until interrupted. */
export async function runEmulator(raw: RawCommand, io: CliIo): Promise<number> {
  const token = emulatorToken(raw.flags, io);
  const fromFlags = emulatorOptionsFromFlags(raw.flags, io.cwd);
  const manifests = text(raw.flags.stateFromManifests);
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
  io.stderr.write("emulator stopped\n");
  return EXIT.ok;
}
