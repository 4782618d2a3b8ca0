import { statSync } from "node:fs";
import { resolve } from "node:path";

import { createClient, type ClientOptions } from "../api/create-client.js";
import { resolveBaseUrl, type SiteTarget } from "../api/base-url.js";
import { CLIENT_DEFAULTS } from "../api/http-policy.js";
import type { Credentials } from "../api/credentials.js";
import {
  loadCredentials,
  MAX_TOKEN_FILE_BYTES,
  type LoadedCredentials,
} from "../api/load-credentials.js";
import type { ExchangeRecorder } from "../api/record-exchange.js";
import type { CsmClient } from "../api/types.js";
import { UsageError } from "../util/errors.js";
import { readAnyFileCappedSync } from "../util/read-capped.js";
import type { CliIo } from "./io.js";
import { openRecordFile } from "./record-file.js";

/** A connected client, and what a command needs to know about it. */
export interface Connection {
  readonly client: CsmClient;
  /** The API root (goes into saved plans; never carries credentials). */
  readonly baseUrl: string;
  /** `--concurrency`, for the command's own batching. @default 8 */
  readonly concurrency: number;
}

/** Options of `connectFromCli`. */
export interface ConnectOptions {
  /** For tests: send the `--site` lookup to this origin (the emulator) instead of the site. */
  readonly tenantInfoOrigin?: string;
  /** The credentials already read for this command (see `readCliCredentials`). */
  readonly credentials?: CliCredentials;
}

const LOOPBACK = new Set(["127.0.0.1", "localhost", "[::1]"]);

/**
 * Builds the client from the connection flags and the environment: `--base-url` /
 * `ORGSYNC_BASE_URL`, `--cloud-id` / `ORGSYNC_CLOUD_ID` or `--site` name the site (flags, when
 * any is given, replace the environment's choice as a whole); credentials come from
 * `--token-file` / `ORGSYNC_TOKEN_FILE`, `ORGSYNC_TOKEN`, or `ORGSYNC_EMAIL` +
 * `ORGSYNC_API_TOKEN`; `--timeout`, `--concurrency`, `--debug` and `--record` tune it. See
 * docs/connection.md.
 */
export async function connectFromCli(
  flags: Readonly<Record<string, unknown>>,
  io: CliIo,
  options: ConnectOptions = {},
): Promise<Connection> {
  const tuning = tuningFromCli(flags, io);
  const loaded = (options.credentials ?? readCliCredentials(flags, io)).load();
  const baseUrl = await baseUrlFromCli(flags, io, options);
  if (flags.debug === true)
    debugLine(io)(`connecting to ${baseUrl} (${loaded.source})`);
  const record = recorderFor(tuning, io);
  const client = createClient(
    clientOptions(baseUrl, loaded.credentials, tuning, {
      ...(record === undefined ? {} : { onExchange: record }),
    }),
  );
  return { client, baseUrl, concurrency: tuning.concurrency };
}

/** The connection flags that tune the client, checked before anything else is done. */
export interface ClientTuning {
  readonly concurrency: number;
  readonly responseMs: number | undefined;
  readonly logger: ((line: string) => void) | undefined;
  /** `--record FILE`, created by `recorderFor` once the other inputs are known good. */
  readonly recordFile: string | undefined;
}

/** `--timeout`, `--concurrency`, `--debug` and `--record`; a bad value is a UsageError. */
export function tuningFromCli(
  flags: Readonly<Record<string, unknown>>,
  io: CliIo,
): ClientTuning {
  const responseMs = positiveInteger(flags.timeout, "--timeout");
  const concurrency =
    positiveInteger(flags.concurrency, "--concurrency") ??
    CLIENT_DEFAULTS.concurrency;
  if (concurrency > 64)
    throw new UsageError(`--concurrency ${concurrency} is too high`, {
      hint: "use at most 64; Atlassian rate-limits well below that",
    });
  if (flags.record !== undefined && text(flags.record) === undefined)
    throw new UsageError("--record needs a file name");
  return {
    concurrency,
    responseMs,
    logger: flags.debug === true ? debugLine(io) : undefined,
    recordFile: text(flags.record),
  };
}

/** Creates the `--record` file (mode 0600); undefined without `--record`. */
export function recorderFor(
  tuning: ClientTuning,
  io: CliIo,
): ExchangeRecorder | undefined {
  return tuning.recordFile === undefined
    ? undefined
    : openRecordFile(tuning.recordFile, io);
}

/** The client's options from the tuning; `extra` adds or overrides (doctor's probes). */
export function clientOptions(
  baseUrl: string,
  credentials: Credentials,
  tuning: ClientTuning,
  extra: Partial<ClientOptions> = {},
): ClientOptions {
  return {
    baseUrl,
    auth: credentials,
    concurrency: tuning.concurrency,
    ...(tuning.responseMs === undefined
      ? {}
      : { timeouts: { responseMs: tuning.responseMs } }),
    ...(tuning.logger === undefined ? {} : { logger: tuning.logger }),
    ...extra,
  };
}

/**
 * A command's credentials, read once (a token file may be a pipe that can be read only once):
 * every token they hold, for the manifests' interpolation guard, and the credentials to
 * connect with.
 */
export interface CliCredentials {
  /** Every token present, from every source (the environment and the token file). */
  readonly secrets: readonly string[];
  /** Loads the credentials to connect with; throws a UsageError when missing or bad. */
  load(): LoadedCredentials;
}

/**
 * Reads `--token-file` / `ORGSYNC_TOKEN_FILE` (capped), `ORGSYNC_TOKEN` and
 * `ORGSYNC_API_TOKEN` without failing: a problem with them is reported by `load()`, when the
 * command connects. `validate` uses only `secrets`, so that it refuses what `plan` refuses.
 */
export function readCliCredentials(
  flags: Readonly<Record<string, unknown>>,
  io: CliIo,
): CliCredentials {
  const tokenFile = text(flags.tokenFile);
  const path = tokenFile ?? text(io.env.ORGSYNC_TOKEN_FILE);
  let read: { text: string } | { error: unknown } | undefined;
  if (path !== undefined) {
    try {
      read = {
        text: readAnyFileCappedSync(
          resolve(io.cwd, path),
          MAX_TOKEN_FILE_BYTES,
        ).bytes.toString("utf8"),
      };
    } catch (error) {
      read = { error };
    }
  }
  const secrets = [
    io.env.ORGSYNC_TOKEN,
    io.env.ORGSYNC_API_TOKEN,
    read !== undefined && "text" in read ? read.text : undefined,
  ]
    .map((value) => value?.trim() ?? "")
    .filter((value) => value !== "");
  return {
    secrets,
    load: () =>
      loadCredentials({
        env: io.env,
        ...(tokenFile === undefined ? {} : { tokenFile }),
        readFile: () => {
          if (read === undefined || "error" in read) throw read?.error;
          return read.text;
        },
        fileMode: (file) => {
          if (process.platform === "win32") return undefined;
          const stats = statSync(resolve(io.cwd, file));
          return stats.isFile() ? stats.mode : undefined;
        },
        warn: (line) => io.stderr.write(`warning: ${line}\n`),
      }),
  };
}

/** The credentials from `--token-file` and the environment (see `loadCredentials`). */
export function credentialsFromCli(
  flags: Readonly<Record<string, unknown>>,
  io: CliIo,
): LoadedCredentials {
  return readCliCredentials(flags, io).load();
}

/** The API root the flags or the environment name (the cloud id looked up for `--site`). */
export async function baseUrlFromCli(
  flags: Readonly<Record<string, unknown>>,
  io: CliIo,
  options: ConnectOptions = {},
): Promise<string> {
  const baseUrl = await resolveBaseUrl(siteTarget(flags, io.env), {
    ...(options.tenantInfoOrigin === undefined
      ? {}
      : { tenantInfoOrigin: options.tenantInfoOrigin }),
  });
  const url = new URL(baseUrl);
  if (url.protocol === "http:" && !LOOPBACK.has(url.hostname))
    warnLine(io)(
      `${url.origin} is plain http: the credentials travel unencrypted; use https`,
    );
  return baseUrl;
}

const debugLine =
  (io: CliIo) =>
  (line: string): void => {
    io.stderr.write(`debug: ${line}\n`);
  };

const warnLine =
  (io: CliIo) =>
  (line: string): void => {
    io.stderr.write(`warning: ${line}\n`);
  };

/** The flags' choice of site when any flag names one; else the environment's. */
function siteTarget(
  flags: Readonly<Record<string, unknown>>,
  env: CliIo["env"],
): SiteTarget {
  const fromFlags = {
    baseUrl: text(flags.baseUrl),
    cloudId: text(flags.cloudId),
    site: text(flags.site),
  };
  const chosen = Object.values(fromFlags).some((v) => v !== undefined)
    ? fromFlags
    : {
        baseUrl: text(env.ORGSYNC_BASE_URL),
        cloudId: text(env.ORGSYNC_CLOUD_ID),
        site: undefined,
      };
  return {
    ...(chosen.baseUrl === undefined ? {} : { baseUrl: chosen.baseUrl }),
    ...(chosen.cloudId === undefined ? {} : { cloudId: chosen.cloudId }),
    ...(chosen.site === undefined ? {} : { site: chosen.site }),
  };
}

function text(value: unknown): string | undefined {
  return typeof value === "string" && value.trim() !== ""
    ? value.trim()
    : undefined;
}

function positiveInteger(value: unknown, flag: string): number | undefined {
  if (value === undefined) return undefined;
  const n = typeof value === "number" ? value : Number(text(value));
  if (!Number.isInteger(n) || n < 1)
    throw new UsageError(
      `${flag} must be a whole number above 0, not ${JSON.stringify(value)}`,
    );
  return n;
}
