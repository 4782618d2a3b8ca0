import path from "node:path";

import { FileReadError, readRegularFileCapped } from "../util/read-capped.js";
import { collectFiles } from "./collect-files.js";
import { DEFAULT_FOLDER, defaultPaths } from "./default-paths.js";
import type { ManifestEnv } from "./interpolate.js";
import { fileTooLarge, LIMITS } from "./limits.js";
import { loadInWorkers, threadsFor } from "./load-in-workers.js";
import { mergeSources, type LoadedFile } from "./load-manifest-sources.js";
import { loadSource, type ManifestSource } from "./load-source.js";
import { asSecretText } from "../util/secret-text.js";
import type { LoadResult } from "./load-result.js";
import { fileIssue, type ManifestIssue } from "./manifest-issue.js";

/** Options of `loadManifests`. */
export interface LoadManifestsOptions {
  /** Relative paths are resolved against it, and issues name files relative to it. */
  readonly cwd: string;
  /** The variables `${NAME}` reads (the CLI passes the process environment). */
  readonly env: ManifestEnv;
  /**
   * The tokens orgsync holds, from every credential source (the CLI reads them even for
   * `validate`, so it refuses what `plan` refuses): an interpolated value holding one is
   * refused. @default []
   */
  readonly secrets?: readonly string[];
  /**
   * Called after each file that holds documents (or problems) is parsed, in file order,
   * with the organization names it uses, so that reading the site can overlap loading;
   * `failed` says a problem was found (in a file, or a file that could not be read), after
   * which no read should start.
   */
  readonly onFile?: (file: LoadedFile) => void;
}

/**
 * Reads the manifests the paths name (files, or directories walked recursively for
 * `*.yaml` / `*.yml` in sorted order; no paths: `./orgsync`) and checks them together. Paths
 * that hold no orgsync document at all are an error (`noManifests`), never an empty site. Never throws for bad input:
 * missing paths, unreadable or oversized files and invalid UTF-8 are issues like any other.
 */
export async function loadManifests(
  paths: readonly string[],
  options: LoadManifestsOptions,
): Promise<LoadResult> {
  if (paths.length === 0) {
    const found = await defaultPaths(options.cwd);
    if (found.length === 0) return noDefaultFolder(options.cwd);
    paths = found;
  }
  const { files, problems, leftOut } = await collectFiles(paths, options.cwd);
  const fileIssues: ManifestIssue[] = problems.map((problem) =>
    fileIssue(problem.path, problem),
  );
  const sources: ManifestSource[] = [];
  let unread = 0;
  for (const found of files) {
    const file = displayName(found.absolute, options.cwd);
    try {
      const { bytes } = await readRegularFileCapped(
        found.absolute,
        LIMITS.maxFileBytes,
      );
      sources.push({ file, content: bytes, discovered: found.discovered });
    } catch (error) {
      unread++;
      fileIssues.push(fileIssue(file, readProblem(error)));
    }
  }
  const merge = mergeSources((file) =>
    options.onFile?.(
      fileIssues.length > 0 ? { failed: true, names: [] } : file,
    ),
  );
  const start = { env: { ...options.env }, secrets: options.secrets ?? [] };
  const threads = threadsFor(sources);
  if (threads > 0) {
    await loadInWorkers(sources, start, threads, merge.add);
  } else {
    const context = { env: start.env, secrets: asSecretText(start.secrets) };
    for (const source of sources) merge.add(loadSource(source, context));
  }
  const result = merge.result();
  const onlyEmptyFolders = problems.every((problem) => problem.noYaml);
  if (
    result.documents === 0 &&
    unread === 0 &&
    onlyEmptyFolders &&
    (result.ok || result.issues.length === 0)
  ) {
    return noManifestsFound(paths, result, [
      ...leftOut.map(({ path: absolute, reason }) => ({
        file: displayName(absolute, options.cwd),
        reason,
      })),
      ...result.skipped.map((file) => ({ file, reason: NOT_ORGSYNC })),
      ...result.empty.map((file) => ({ file, reason: "empty file" })),
    ]);
  }
  if (fileIssues.length === 0) return result;
  return {
    ...result,
    ok: false,
    issues: [...fileIssues, ...(result.ok ? [] : result.issues)],
    stats: {
      ...result.stats,
      files: result.stats.files + unread,
    },
    omitted: result.ok ? 0 : result.omitted,
  };
}

const NOT_ORGSYNC = "YAML with no orgsync document (no apiVersion: orgsync/v1)";

/** At most this many left-out files are listed; the rest are counted. */
const MAX_LISTED = 20;

/**
 * The paths hold no orgsync document: one error naming them, and a warning per file or
 * folder left out, saying why (a nightly job started in the wrong directory must go red).
 */
function noManifestsFound(
  paths: readonly string[],
  result: LoadResult,
  leftOut: readonly { file: string; reason: string }[],
): LoadResult {
  const warnings: ManifestIssue[] = leftOut
    .slice(0, MAX_LISTED)
    .map(({ file, reason }) => ({
      ...fileIssue(file, { message: `left out: ${reason}` }),
      severity: "warning",
    }));
  const more =
    leftOut.length > MAX_LISTED
      ? ` (${leftOut.length - MAX_LISTED} more left out, not listed)`
      : "";
  const named = paths.join(", ");
  return {
    ok: false,
    issues: [
      fileIssue(paths.join(", "), {
        message: `no orgsync manifests found in ${named}${leftOut.length === 0 ? ": nothing in it" : ""}${more}`,
        expected:
          "*.yaml or *.yml files with orgsync documents (apiVersion: orgsync/v1); pass the paths that hold them",
      }),
    ],
    warnings,
    stats: result.stats,
    skipped: result.skipped,
    empty: result.empty,
    documents: 0,
    noManifests: true,
    omitted: 0,
  };
}

/** No path given and no `./orgsync` folder: say so, and how to pass paths (no walk of `.`). */
function noDefaultFolder(cwd: string): LoadResult {
  return {
    ok: false,
    issues: [
      fileIssue(`${DEFAULT_FOLDER}/`, {
        message: `no orgsync manifests found: no path was given and ${cwd} has no ./${DEFAULT_FOLDER}/ folder`,
        expected: `the manifest files or folders as arguments (orgsync COMMAND path/to/manifests), or run from the folder that holds ./${DEFAULT_FOLDER}/`,
      }),
    ],
    warnings: [],
    stats: { files: 0, fields: 0, organizations: 0 },
    skipped: [],
    empty: [],
    documents: 0,
    noManifests: true,
    omitted: 0,
  };
}

/**
 * Why a manifest could not be read. Only regular files are manifests, and they are read with
 * a byte cap: `stat` says 0 bytes for /proc files, which hold gigabytes.
 */
function readProblem(error: unknown): { message: string; expected?: string } {
  if (error instanceof FileReadError) {
    return error.code === "E_TOO_LARGE"
      ? fileTooLarge(error.statSize)
      : {
          message: `cannot read it: ${error.message}`,
          expected: "a regular YAML file",
        };
  }
  return {
    message: `cannot read the file (${(error as NodeJS.ErrnoException).code ?? String(error)})`,
  };
}

/** Paths inside the working directory are shown relative to it, others absolute. */
function displayName(absolute: string, cwd: string): string {
  const relative = path.relative(cwd, absolute);
  return relative === "" ||
    relative.startsWith("..") ||
    path.isAbsolute(relative)
    ? absolute
    : relative.split(path.sep).join("/");
}
