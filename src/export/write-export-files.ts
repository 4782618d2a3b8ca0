import { existsSync, mkdirSync, readFileSync, realpathSync } from "node:fs";
import { mkdir, realpath } from "node:fs/promises";
import { dirname, isAbsolute, join, relative, resolve, sep } from "node:path";

import { writeFileAtomic } from "../util/write-file-atomic.js";
import { ExportWriteError } from "./errors.js";
import type { ExportFile } from "./export-manifests.js";

/** What `writeExportFiles` did, by absolute path. */
export interface WriteSummary {
  /** Files created or replaced. */
  readonly written: readonly string[];
  /** Files that already held exactly these bytes, left untouched. */
  readonly unchanged: readonly string[];
}

/** How `writeExportFiles` treats files already in the output directory. */
export interface WriteOptions {
  /**
   * Overwrite files whose content differs from what export writes. Without it, such files
   * (hand-written, or edited since the last export) make the whole export refuse, naming
   * them, before anything is written. @default false
   */
  readonly force?: boolean;
}

/**
 * Writes the files under `outDir`. Every path is checked first — resolved, it must lie inside
 * `outDir`, and so must the real location of its folder (a symlinked folder cannot lead out)
 * — so a hostile name can never write elsewhere, and nothing is written if any path fails.
 * Each file is written to a temporary file beside it and renamed into place, so a reader
 * (or an interrupted run) never sees half a file. Files already holding the same bytes are
 * left alone; files not in the list are never touched.
 */
export async function writeExportFiles(
  outDir: string,
  files: readonly ExportFile[],
  options: WriteOptions = {},
): Promise<WriteSummary> {
  const root = resolve(outDir);
  const targets = files.map((file) => ({
    file,
    target: insideOrThrow(root, resolve(root, file.path), file.path),
  }));
  // Every folder, before the first write: a symlinked folder met after fields.yaml was written
  // must not leave a half-done export behind.
  checkExistingFolders(root, targets);
  // What each file holds now, read once: for the refusal and to leave equal files alone.
  const existing = targets.map(({ target }) => readIfExists(target));
  if (!options.force) refuseToClobber(root, targets, existing);
  await mkdir(root, { recursive: true });
  const realRoot = await realpath(root);
  const written: string[] = [];
  const unchanged: string[] = [];
  for (const [index, { file, target }] of targets.entries()) {
    // Synchronous calls take microseconds; their promise forms cost a thread-pool round
    // trip each (and a missing file a rejected promise): 10,000 files went from seconds to
    // a fraction of one. The event loop still gets a turn every 100 files (Ctrl-C).
    if (index % 100 === 99) await new Promise((next) => setImmediate(next));
    const folder = dirname(target);
    mkdirSync(folder, { recursive: true });
    insideOrThrow(realRoot, join(realpathSync.native(folder), "x"), file.path);
    if (existing[index] === file.text) {
      unchanged.push(target);
      continue;
    }
    await writeAtomically(target, file.text);
    written.push(target);
  }
  return { written, unchanged };
}

/**
 * The real location of every folder the files go to must lie inside the real output
 * directory. Folders that do not exist yet are judged by their nearest existing ancestor (a
 * folder created inside the output directory lies inside it). Creates and writes nothing.
 */
function checkExistingFolders(
  root: string,
  targets: readonly { file: ExportFile; target: string }[],
): void {
  if (!existsSync(root)) return;
  const realRoot = realpathSync.native(root);
  const seen = new Set<string>();
  for (const { file, target } of targets) {
    let folder = dirname(target);
    if (seen.has(folder)) continue;
    seen.add(folder);
    while (folder !== root && !existsSync(folder)) folder = dirname(folder);
    insideOrThrow(realRoot, join(realpathSync.native(folder), "x"), file.path);
  }
}

/** Files in the way whose content differs from what export would write: none may be lost. */
function refuseToClobber(
  root: string,
  targets: readonly { file: ExportFile; target: string }[],
  existing: readonly (string | undefined)[],
): void {
  const differing = targets
    .filter(({ file }, index) => {
      const now = existing[index];
      return now !== undefined && now !== file.text;
    })
    .map(({ file }) => file.path);
  if (differing.length === 0) return;
  const shown = differing.slice(0, 20).map((path) => `  ${path}`);
  if (differing.length > 20)
    shown.push(`  … and ${differing.length - 20} more`);
  throw new ExportWriteError(
    "E_EXPORT_CLOBBER",
    root,
    `${differing.length} file${differing.length === 1 ? "" : "s"} in ${root} would be overwritten with other content; nothing was written:\n${shown.join("\n")}`,
    {
      hint: "export into an empty --out directory, commit or move those files first, or pass --force to overwrite them",
    },
  );
}

function insideOrThrow(root: string, target: string, shown: string): string {
  const rel = relative(root, target);
  if (
    rel === "" ||
    isAbsolute(rel) ||
    rel === ".." ||
    rel.startsWith(`..${sep}`)
  ) {
    throw new ExportWriteError(
      "E_EXPORT_PATH",
      target,
      `refusing to write ${JSON.stringify(shown)}: it resolves outside the output directory ${root}`,
      {
        hint: "this is a bug in orgsync's file naming, or the output folder holds a symlink that leads elsewhere",
      },
    );
  }
  return target;
}

function readIfExists(path: string): string | undefined {
  try {
    return readFileSync(path, "utf8");
  } catch {
    return undefined;
  }
}

/** Through the shared helper, which also removes its temporary file if Ctrl-C ends the run. */
async function writeAtomically(target: string, text: string): Promise<void> {
  try {
    await writeFileAtomic(target, text);
  } catch (error) {
    throw new ExportWriteError(
      "E_EXPORT_WRITE",
      target,
      `could not write ${target}: ${(error as Error).message}`,
      { cause: error, hint: "check that the output directory is writable" },
    );
  }
}
