import { statSync } from "node:fs";
import { resolve } from "node:path";

import { createClient } from "../api/create-client.js";
import { resolveBaseUrl, type SiteTarget } from "../api/base-url.js";
import {
  loadCredentials,
  MAX_TOKEN_FILE_BYTES,
} from "../api/load-credentials.js";
import type { CsmClient } from "../api/types.js";
import { UsageError } from "../model/errors.js";
import { readAnyFileCappedSync } from "../util/read-capped.js";
import type { CliIo } from "./io.js";

/** A connected client, and what a command needs to know about it. */
export interface Connection {
  readonly client: CsmClient;
  /** The API root (goes into saved plans; never carries credentials). */
  readonly baseUrl: string;
  /** `--concurrency`, for the command's own batching. @default 8 */
  readonly concurrency: number;
}

/** For tests: send the `--site` lookup to this origin (the emulator) instead of the site. */
export interface ConnectOptions {
  readonly tenantInfoOrigin?: string;
}

const LOOPBACK = new Set(["127.0.0.1", "localhost", "[::1]"]);

/**
 * Builds the client from the connection flags and the environment: `--base-url` /
 * `ORGSYNC_BASE_URL`, `--cloud-id` / `ORGSYNC_CLOUD_ID` or `--site` name the site (flags, when
 * any is given, replace the environment's choice as a whole); credentials come from
 * `--token-file` / `ORGSYNC_TOKEN_FILE`, `ORGSYNC_TOKEN`, or `ORGSYNC_EMAIL` +
 * `ORGSYNC_API_TOKEN`; `--timeout`, `--concurrency` and `--debug` tune it. See
 * docs/connection.md.
 */
export async function connectFromCli(
  flags: Readonly<Record<string, unknown>>,
  io: CliIo,
  options: ConnectOptions = {},
): Promise<Connection> {
  const debug = flags.debug === true;
  const log = (line: string): void => {
    io.stderr.write(`debug: ${line}\n`);
  };
  const warn = (line: string): void => {
    io.stderr.write(`warning: ${line}\n`);
  };
  const responseMs = positiveInteger(flags.timeout, "--timeout");
  const concurrency = positiveInteger(flags.concurrency, "--concurrency") ?? 8;
  if (concurrency > 64)
    throw new UsageError(`--concurrency ${concurrency} is too high`, {
      hint: "use at most 64; Atlassian rate-limits well below that",
    });

  const tokenFile = text(flags.tokenFile);
  const loaded = loadCredentials({
    env: io.env,
    ...(tokenFile === undefined ? {} : { tokenFile }),
    readFile: (path) =>
      readAnyFileCappedSync(
        resolve(io.cwd, path),
        MAX_TOKEN_FILE_BYTES,
      ).bytes.toString("utf8"),
    fileMode: (path) => {
      if (process.platform === "win32") return undefined;
      const stats = statSync(resolve(io.cwd, path));
      return stats.isFile() ? stats.mode : undefined;
    },
    warn,
  });

  const baseUrl = await resolveBaseUrl(siteTarget(flags, io.env), {
    ...(options.tenantInfoOrigin === undefined
      ? {}
      : { tenantInfoOrigin: options.tenantInfoOrigin }),
  });
  const url = new URL(baseUrl);
  if (url.protocol === "http:" && !LOOPBACK.has(url.hostname))
    warn(
      `${url.origin} is plain http: the credentials travel unencrypted; use https`,
    );
  if (debug) log(`connecting to ${baseUrl} (${loaded.source})`);

  const client = createClient({
    baseUrl,
    auth: loaded.credentials,
    concurrency,
    ...(responseMs === undefined ? {} : { timeouts: { responseMs } }),
    ...(debug ? { logger: log } : {}),
  });
  return { client, baseUrl, concurrency };
}

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
