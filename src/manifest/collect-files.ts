import { readdir, realpath, stat } from "node:fs/promises";
import path from "node:path";

/** A file to load, and how it was found. */
export interface FoundFile {
  readonly absolute: string;
  /** True when found by walking a directory (see ManifestSource.discovered). */
  readonly discovered: boolean;
}

/** A path that could not be used, with the reason. */
export interface PathProblem {
  readonly path: string;
  readonly message: string;
  readonly expected?: string;
  /** True for a directory that holds no YAML file: folded into "no orgsync manifests found". */
  readonly noYaml?: boolean;
}

/** A file or folder found by walking a directory and not read, with the reason. */
export interface LeftOut {
  readonly path: string;
  readonly reason: string;
}

const MANIFEST_FILE = /\.ya?ml$/i;

/** Folders never walked into: they hold tooling, not manifests. */
function skipsFolder(name: string): boolean {
  return name.startsWith(".") || name === "node_modules";
}

/**
 * The manifest files the paths name: files as given, directories walked recursively for
 * `*.yaml` / `*.yml` (hidden folders and node_modules left out, symbolic-link loops cut),
 * each directory's files in sorted order. A file reached twice is read once.
 */
export async function collectFiles(
  paths: readonly string[],
  cwd: string,
): Promise<{
  files: FoundFile[];
  problems: PathProblem[];
  leftOut: LeftOut[];
}> {
  const files: FoundFile[] = [];
  const problems: PathProblem[] = [];
  const leftOut: LeftOut[] = [];
  const seenFiles = new Set<string>();
  const seenFolders = new Set<string>();

  const addFile = async (absolute: string, discovered: boolean) => {
    const real = await realpath(absolute);
    if (seenFiles.has(real)) return;
    seenFiles.add(real);
    files.push({ absolute, discovered });
  };

  const walk = async (folder: string, found: FoundFile[]): Promise<void> => {
    const real = await realpath(folder);
    if (seenFolders.has(real)) return;
    seenFolders.add(real);
    const entries = await readdir(folder, { withFileTypes: true });
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const entry of entries) {
      const absolute = path.join(folder, entry.name);
      let kind: "file" | "folder" | "other" = entry.isDirectory()
        ? "folder"
        : entry.isFile()
          ? "file"
          : "other";
      if (entry.isSymbolicLink()) {
        const target = await stat(absolute).catch(() => undefined);
        kind = target?.isDirectory()
          ? "folder"
          : target?.isFile()
            ? "file"
            : "other";
      }
      if (kind === "folder" && !skipsFolder(entry.name)) {
        await walk(absolute, found);
      } else if (kind === "file" && MANIFEST_FILE.test(entry.name)) {
        found.push({ absolute, discovered: true });
      } else {
        leftOut.push({ path: absolute, reason: leftOutReason(kind) });
      }
    }
  };

  for (const given of paths) {
    const absolute = path.resolve(cwd, given);
    const info = await stat(absolute).catch(
      (error: NodeJS.ErrnoException) => error,
    );
    if (info instanceof Error) {
      problems.push({
        path: given,
        message:
          info.code === "ENOENT"
            ? "no such file or directory"
            : `cannot read it (${info.code ?? info.message})`,
        expected: "a manifest file or a directory of them",
      });
      continue;
    }
    if (info.isDirectory()) {
      const found: FoundFile[] = [];
      try {
        await walk(absolute, found);
      } catch (error) {
        problems.push({
          path: given,
          message: `cannot read the directory (${(error as NodeJS.ErrnoException).code ?? String(error)})`,
        });
        continue;
      }
      if (found.length === 0) {
        problems.push({
          path: given,
          message: "holds no *.yaml or *.yml files",
          expected: "a directory with manifests in it",
          noYaml: true,
        });
      }
      for (const file of found) await addFile(file.absolute, true);
    } else {
      await addFile(absolute, false);
    }
  }
  return { files, problems, leftOut };
}

function leftOutReason(kind: "file" | "folder" | "other"): string {
  switch (kind) {
    case "folder":
      return "hidden folder or node_modules, not searched";
    case "file":
      return "not a YAML file (only *.yaml and *.yml are read)";
    default:
      return "not a regular file";
  }
}
