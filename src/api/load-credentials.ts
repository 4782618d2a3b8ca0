import { UsageError } from "../util/errors.js";
import { Credentials } from "./credentials.js";

/** Where credentials come from: the environment and, optionally, a token file. */
export interface CredentialSources {
  readonly env: Readonly<Record<string, string | undefined>>;
  /** `--token-file`; when absent, `ORGSYNC_TOKEN_FILE` is used. */
  readonly tokenFile?: string;
  /**
   * Reads a file (the token file) with a byte cap, pipes included; injected so tests need
   * no disk. A FileReadError (`E_TOO_LARGE`) is reported as such.
   */
  readonly readFile: (path: string) => string;
  /** The permission bits of a regular file; undefined for a pipe or when unknown. */
  readonly fileMode?: (path: string) => number | undefined;
  /** Receives warnings (never the secret). */
  readonly warn?: (line: string) => void;
}

/** Credentials and where they were found (for a debug line; never the value). */
export interface LoadedCredentials {
  readonly credentials: Credentials;
  readonly source: string;
}

/** The most a token file may hold: a token is under a kilobyte; a pipe may never end. */
export const MAX_TOKEN_FILE_BYTES = 64 * 1024;

const MISSING_HINT =
  "set ORGSYNC_TOKEN (an OAuth Bearer token), or ORGSYNC_EMAIL and ORGSYNC_API_TOKEN (Basic), or put the token in a file named by --token-file / ORGSYNC_TOKEN_FILE";

/**
 * Finds the credentials, in this order: a token file (`--token-file`, else
 * `ORGSYNC_TOKEN_FILE`), `ORGSYNC_TOKEN`, then `ORGSYNC_EMAIL` + `ORGSYNC_API_TOKEN`. A token
 * file holds a Bearer token, or the API token for Basic when `ORGSYNC_EMAIL` is set. Tokens
 * are never taken from a flag value: those land in shell history.
 */
export function loadCredentials(sources: CredentialSources): LoadedCredentials {
  const env = sources.env;
  const email = nonEmpty(env.ORGSYNC_EMAIL);
  const file = nonEmpty(sources.tokenFile) ?? nonEmpty(env.ORGSYNC_TOKEN_FILE);
  if (file !== undefined) {
    const secret = readTokenFile(file, sources);
    return email !== undefined
      ? {
          credentials: Credentials.basic(email, secret),
          source: `Basic: ORGSYNC_EMAIL and the token file ${file}`,
        }
      : {
          credentials: Credentials.bearer(secret),
          source: `Bearer: the token file ${file}`,
        };
  }
  const token = nonEmpty(env.ORGSYNC_TOKEN);
  if (token !== undefined)
    return {
      credentials: Credentials.bearer(token),
      source: "Bearer: ORGSYNC_TOKEN",
    };
  const apiToken = nonEmpty(env.ORGSYNC_API_TOKEN);
  if (email !== undefined && apiToken !== undefined)
    return {
      credentials: Credentials.basic(email, apiToken),
      source: "Basic: ORGSYNC_EMAIL and ORGSYNC_API_TOKEN",
    };
  if (email !== undefined || apiToken !== undefined)
    throw new UsageError(
      `Basic authentication needs both ORGSYNC_EMAIL and ORGSYNC_API_TOKEN; only ${email !== undefined ? "ORGSYNC_EMAIL" : "ORGSYNC_API_TOKEN"} is set`,
      { hint: MISSING_HINT },
    );
  throw new UsageError("no API credentials were given", {
    hint: MISSING_HINT,
  });
}

/**
 * A token file's content, trimmed: an unreadable or empty file is a UsageError, and a file
 * other users can read draws a warning. Also used for the emulator's `--token-file`.
 */
export function readTokenFile(
  path: string,
  sources: Pick<CredentialSources, "readFile" | "fileMode" | "warn">,
): string {
  let text: string;
  try {
    text = sources.readFile(path);
  } catch (error) {
    const code =
      error instanceof Error && "code" in error ? String(error.code) : "";
    if (code === "E_TOO_LARGE")
      throw new UsageError(
        `the token file ${path} holds more than ${MAX_TOKEN_FILE_BYTES.toLocaleString("en-US")} bytes`,
        { hint: "put the API token alone in the file" },
      );
    throw new UsageError(
      `cannot read the token file ${path}${code === "" ? "" : ` (${code})`}`,
      { hint: "check the path given by --token-file / ORGSYNC_TOKEN_FILE" },
    );
  }
  const secret = text.trim();
  if (secret === "")
    throw new UsageError(`the token file ${path} is empty`, {
      hint: "put the API token alone in the file",
    });
  const mode = sources.fileMode?.(path);
  if (mode !== undefined && (mode & 0o077) !== 0)
    sources.warn?.(
      `the token file ${path} is open to ${(mode & 0o007) !== 0 ? "every user of this machine" : "its group"} (mode ${(mode & 0o777).toString(8).padStart(3, "0")}); chmod 600 it`,
    );
  return secret;
}

function nonEmpty(value: string | undefined): string | undefined {
  const trimmed = value?.trim();
  return trimmed === undefined || trimmed === "" ? undefined : trimmed;
}
