import { stat } from "node:fs/promises";
import path from "node:path";

/** The folder the CLI reads when no path is given, if it exists. */
export const DEFAULT_FOLDER = "orgsync";

/**
 * The paths to read when none are given: `./orgsync` if it exists, else none (the current
 * directory is never walked: it may be a home directory or a whole repository).
 */
export async function defaultPaths(cwd: string): Promise<string[]> {
  const exists = await stat(path.join(cwd, DEFAULT_FOLDER)).then(
    () => true,
    () => false,
  );
  return exists ? [DEFAULT_FOLDER] : [];
}
