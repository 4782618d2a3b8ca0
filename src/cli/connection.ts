import { statSync } from "node:fs";
import { resolve } from "node:path";

import { createClient, type ClientOptions } from "../api/create-client.js";
import {
  resolveBaseUrl,
  serviceDeskBaseUrl,
  type SiteTarget,
} from "../api/base-url.js";
import { createServiceDeskClient } from "../api/create-servicedesk-client.js";
import type { Credentials } from "../api/credentials.js";
import { CLIENT_DEFAULTS } from "../api/http-policy.js";
import {
  loadCredentials,
  MAX_TOKEN_FILE_BYTES,
  type LoadedCredentials,
} from "../api/load-credentials.js";
import type { ExchangeRecorder } from "../api/record-exchange.js";
import { createServiceDeskAccess } from "../api/servicedesk-access.js";
import type { ServiceDeskAccess } from "../api/servicedesk-types.js";
import type { CsmClient } from "../api/types.js";
import { readAnyFileCappedSync } from "../util/read-capped.js";
import type { CliIo } from "./io.js";
import { openRecordFile } from "./record-file.js";

/** A connected client, and what a command needs to know about it. */
export interface Connection {
  readonly client: CsmClient;
  /** The API root (goes into saved plans; never carries credentials). */
  readonly baseUrl: string;
  /**
   * The service desk API, reached only when a feature asks (its own client and rate-limit
   * gate, the same credentials, flags and `--record`). See docs/servicedesk.md.
   */
  readonly serviceDesk: ServiceDeskAccess;
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
 * The connection flags (commander parsed and checked the numbers and the `--record` name).
 * Every command that connects takes these.
 */
export interface ConnectionFlags {
  readonly baseUrl?: string | undefined;
  readonly cloudId?: string | undefined;
  /** `--servicedesk-base-url`: the service desk API root, when it cannot be derived. */
  readonly servicedeskBaseUrl?: string | undefined;
  readonly site?: string | undefined;
  readonly tokenFile?: string | undefined;
  /** `--timeout`: per-request answer timeout in milliseconds. */
  readonly timeout?: number | undefined;
  readonly debug?: true | undefined;
  /** `--record FILE`, created by `recorderFor` once the other inputs are known good. */
  readonly record?: string | undefined;
  /** `--concurrency`, also for the command's own batching. @default 8 */
  readonly concurrency?: number | undefined;
}

/**
 * Builds the client from the connection flags and the environment: `--base-url` /
 * `ORGSYNC_BASE_URL`, `--cloud-id` / `ORGSYNC_CLOUD_ID` or `--site` name the site (flags, when
 * any is given, replace the environment's choice as a whole); credentials come from
 * `--token-file` / `ORGSYNC_TOKEN_FILE`, `ORGSYNC_TOKEN`, or `ORGSYNC_EMAIL` +
 * `ORGSYNC_API_TOKEN`; `--timeout`, `--concurrency`, `--debug` and `--record` tune it. See
 * docs/connection.md.
 */
export async function connectFromCli(
  flags: ConnectionFlags,
  io: CliIo,
  options: ConnectOptions = {},
): Promise<Connection> {
  const loaded = (options.credentials ?? readCliCredentials(flags, io)).load();
  const baseUrl = await baseUrlFromCli(flags, io, options);
  const sdBaseUrl = serviceDeskBaseUrlFromCli(
    flags,
    io,
    baseUrl,
    loaded.credentials,
  );
  if (flags.debug === true)
    debugLine(io)(
      `connecting to ${baseUrl} (${loaded.source}); service desk API: ${sdBaseUrl ?? "none derived"}`,
    );
  const record = recorderFor(flags, io);
  const extra = record === undefined ? {} : { onExchange: record };
  const client = clientOptions(baseUrl, loaded.credentials, flags, io, extra);
  return {
    client: createClient(client),
    baseUrl,
    // Its own client, so its own rate-limit gate: a Jira 429 does not pause CSM calls.
    serviceDesk: createServiceDeskAccess({
      baseUrl: sdBaseUrl,
      csmBaseUrl: baseUrl,
      connect: (root) =>
        createServiceDeskClient(
          clientOptions(root, loaded.credentials, flags, io, extra),
        ),
    }),
    concurrency: client.concurrency,
  };
}

/**
 * The service desk API root (see `serviceDeskBaseUrl` and `serviceDeskOverride`), or
 * undefined when none can be derived.
 */
export function serviceDeskBaseUrlFromCli(
  flags: ConnectionFlags,
  io: CliIo,
  csmBaseUrl: string,
  credentials: Credentials,
): string | undefined {
  const root = serviceDeskBaseUrl({
    override: serviceDeskOverride(flags, io.env),
    csmBaseUrl,
    auth: credentials.kind,
    site: chosenSite(flags, io.env),
  });
  if (root !== undefined && new URL(root).origin !== new URL(csmBaseUrl).origin)
    warnPlainHttp(root, io);
  return root;
}

/** Creates the `--record` file (mode 0600); undefined without `--record`. */
export function recorderFor(
  flags: ConnectionFlags,
  io: CliIo,
): ExchangeRecorder | undefined {
  const file = flags.record?.trim();
  return file === undefined ? undefined : openRecordFile(file, io);
}

/** The client's options from the flags; `extra` adds or overrides (doctor's probes). */
export function clientOptions(
  baseUrl: string,
  credentials: Credentials,
  flags: ConnectionFlags,
  io: CliIo,
  extra: Partial<ClientOptions> = {},
): ClientOptions & { concurrency: number } {
  return {
    baseUrl,
    auth: credentials,
    concurrency: flags.concurrency ?? CLIENT_DEFAULTS.concurrency,
    ...(flags.timeout === undefined
      ? {}
      : { timeouts: { responseMs: flags.timeout } }),
    ...(flags.debug === true ? { logger: debugLine(io) } : {}),
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
  flags: Pick<ConnectionFlags, "tokenFile">,
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
        warn: warnLine(io),
      }),
  };
}

/** The credentials from `--token-file` and the environment (see `loadCredentials`). */
export function credentialsFromCli(
  flags: ConnectionFlags,
  io: CliIo,
): LoadedCredentials {
  return readCliCredentials(flags, io).load();
}

/** The API root the flags or the environment name (the cloud id looked up for `--site`). */
export async function baseUrlFromCli(
  flags: ConnectionFlags,
  io: CliIo,
  options: ConnectOptions = {},
): Promise<string> {
  const baseUrl = await resolveBaseUrl(siteTarget(flags, io.env), {
    ...(options.tenantInfoOrigin === undefined
      ? {}
      : { tenantInfoOrigin: options.tenantInfoOrigin }),
  });
  warnPlainHttp(baseUrl, io);
  return baseUrl;
}

function warnPlainHttp(root: string, io: CliIo): void {
  const url = new URL(root);
  if (url.protocol === "http:" && !LOOPBACK.has(url.hostname))
    warnLine(io)(
      `${url.origin} is plain http: the credentials travel unencrypted; use https`,
    );
}

/**
 * `--servicedesk-base-url`, else `ORGSYNC_SERVICEDESK_BASE_URL` when no flag names the site
 * (as the environment's other site settings count only then).
 */
export function serviceDeskOverride(
  flags: ConnectionFlags,
  env: CliIo["env"],
): string | undefined {
  const named = [flags.baseUrl, flags.cloudId, flags.site].some(
    (value) => text(value) !== undefined,
  );
  return (
    text(flags.servicedeskBaseUrl) ??
    (named ? undefined : text(env.ORGSYNC_SERVICEDESK_BASE_URL))
  );
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
function siteTarget(flags: ConnectionFlags, env: CliIo["env"]): SiteTarget {
  const named = [flags.baseUrl, flags.cloudId, flags.site].some(
    (value) => text(value) !== undefined,
  );
  const [baseUrl, cloudId, site] = (
    named
      ? [flags.baseUrl, flags.cloudId, flags.site]
      : [env.ORGSYNC_BASE_URL, env.ORGSYNC_CLOUD_ID, undefined]
  ).map(text);
  return {
    ...(baseUrl === undefined ? {} : { baseUrl }),
    ...(cloudId === undefined ? {} : { cloudId }),
    ...(site === undefined ? {} : { site }),
  };
}

/** `--site` when it chose the site: `--base-url` and `--cloud-id` come first. */
function chosenSite(
  flags: ConnectionFlags,
  env: CliIo["env"],
): string | undefined {
  const { baseUrl, cloudId, site } = siteTarget(flags, env);
  return baseUrl === undefined && cloudId === undefined ? site : undefined;
}

function text(value: string | undefined): string | undefined {
  return value !== undefined && value.trim() !== "" ? value.trim() : undefined;
}
