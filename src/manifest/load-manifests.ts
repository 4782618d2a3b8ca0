import path from "node:path";

import { FileReadError, readRegularFileCapped } from "../util/read-capped.js";
import { collectFiles } from "./collect-files.js";
import type { ManifestEnv } from "./interpolate.js";
import { fileTooLarge, LIMITS } from "./limits.js";
import {
  loadManifestSources,
  type ManifestSource,
} from "./load-manifest-sources.js";
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
}

/**
 * Reads the manifests the paths name (files, or directories walked recursively for
 * `*.yaml` / `*.yml` in sorted order) and checks them together. Never throws for bad input:
 * missing paths, unreadable or oversized files and invalid UTF-8 are issues like any other.
 */
export async function loadManifests(
  paths: readonly string[],
  options: LoadManifestsOptions,
): Promise<LoadResult> {
  const { files, problems } = await collectFiles(paths, options.cwd);
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
  const result = loadManifestSources(sources, {
    env: options.env,
    ...(options.secrets === undefined ? {} : { secrets: options.secrets }),
  });
  if (fileIssues.length === 0) return result;
  return {
    ok: false,
    issues: [...fileIssues, ...(result.ok ? [] : result.issues)],
    warnings: result.warnings,
    stats: {
      ...result.stats,
      files: result.stats.files + unread,
    },
    skipped: result.skipped,
    omitted: result.ok ? 0 : result.omitted,
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
