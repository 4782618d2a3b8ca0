import { readFile, stat } from "node:fs/promises";
import path from "node:path";

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
      const problem = await sizeProblem(found.absolute);
      if (problem) {
        unread++;
        fileIssues.push(fileIssue(file, problem));
        continue;
      }
      sources.push({
        file,
        content: await readFile(found.absolute),
        discovered: found.discovered,
      });
    } catch (error) {
      unread++;
      fileIssues.push(
        fileIssue(file, {
          message: `cannot read the file (${(error as NodeJS.ErrnoException).code ?? String(error)})`,
        }),
      );
    }
  }
  const result = loadManifestSources(sources, { env: options.env });
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

/** A file too large to read is refused before a byte of it is read. */
async function sizeProblem(
  file: string,
): Promise<{ message: string; expected?: string } | undefined> {
  const info = await stat(file);
  if (info.size <= LIMITS.maxFileBytes) return undefined;
  return fileTooLarge(info.size);
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
