import path from "node:path";

import { fileIssue, plural } from "../manifest/index.js";
import { OrgsyncError } from "../util/errors.js";
import { FileReadError, readRegularFileCapped } from "../util/read-capped.js";
import {
  parseIgnoreFile,
  type IgnoreIssue,
  type IgnoreList,
} from "./ignore-file.js";

/** The name orgsync looks for when no `--ignore-file` is given (see `defaultIgnoreFiles`). */
const DEFAULT_IGNORE_FILE = ".orgsync-ignore.yaml";

/**
 * Where drift looks for acknowledgements when no `--ignore-file` is given, in order: the
 * working directory, then beside the first PATH (in the folder that holds it, never inside a
 * manifest folder, where the loader would refuse it). Names as shown in messages.
 */
export function defaultIgnoreFiles(
  paths: readonly string[],
  cwd: string,
): string[] {
  const files = [DEFAULT_IGNORE_FILE];
  const first = paths[0];
  if (first === undefined) return files;
  const beside = path.join(path.dirname(first), DEFAULT_IGNORE_FILE);
  if (path.resolve(cwd, beside) !== path.resolve(cwd, DEFAULT_IGNORE_FILE)) {
    files.push(beside);
  }
  return files;
}

/** An ignore file far larger than any list of acknowledgements is refused unread. */
const MAX_IGNORE_FILE_BYTES = 1_000_000;

/**
 * An ignore file that cannot be read or is not valid. Carries every issue; like a
 * `ManifestError`, the message only counts them and the CLI prints them compiler-style.
 */
export class IgnoreFileError extends OrgsyncError {
  readonly file: string;
  readonly issues: readonly IgnoreIssue[];

  constructor(
    file: string,
    issues: readonly IgnoreIssue[],
    options: { cause?: unknown; hint?: string } = {},
  ) {
    super(
      "E_IGNORE_INVALID",
      `the ignore file ${file} is not valid (${plural(issues.length, "problem")}); nothing was sent to the site`,
      {
        hint:
          options.hint ??
          "fix the entries (format: docs/drift.md), or pass --ignore-file with another file",
        ...(options.cause === undefined ? {} : { cause: options.cause }),
      },
    );
    this.file = file;
    this.issues = issues;
  }
}

/** What `loadIgnoreFile` found. */
export interface LoadedIgnoreFile {
  readonly list: IgnoreList;
  readonly warnings: readonly IgnoreIssue[];
}

/**
 * Reads and parses an ignore file. With `required: false` (the default file, not named by
 * the user) a missing file means "nothing acknowledged" and gives undefined; a file named
 * with `--ignore-file` must exist. `file` is shown in messages as given.
 *
 * @throws IgnoreFileError (`E_IGNORE_INVALID`) for a missing required file, an unreadable or
 *   oversized file, or any problem in its entries.
 */
export async function loadIgnoreFile(
  file: string,
  path: string,
  options: { required: boolean },
): Promise<LoadedIgnoreFile | undefined> {
  const problem = (message: string, cause?: unknown, hint?: string) =>
    new IgnoreFileError(file, [fileIssue(file, { message })], {
      ...(cause === undefined ? {} : { cause }),
      ...(hint === undefined ? {} : { hint }),
    });
  let text: string;
  try {
    text = (
      await readRegularFileCapped(path, MAX_IGNORE_FILE_BYTES)
    ).bytes.toString("utf8");
  } catch (error) {
    if (
      (error as NodeJS.ErrnoException).code === "ENOENT" &&
      !options.required
    ) {
      return undefined;
    }
    if (error instanceof FileReadError)
      throw problem(
        error.code === "E_TOO_LARGE"
          ? `an ignore file may hold at most ${MAX_IGNORE_FILE_BYTES.toLocaleString("en-US")} bytes`
          : `cannot read it: ${error.message}`,
      );
    throw problem(
      `cannot read it: ${(error as Error).message}`,
      error,
      `check the path given to --ignore-file, or leave the flag out to use ${DEFAULT_IGNORE_FILE} when it exists`,
    );
  }
  const result = parseIgnoreFile(text, file);
  if (!result.ok) throw new IgnoreFileError(file, result.issues);
  return { list: result.value, warnings: result.warnings };
}
