import { readFileSync } from "node:fs";
import { relative } from "node:path";

import { parseAllDocuments } from "yaml";

import { collectFiles } from "../manifest/collect-files.js";
import { nameKey } from "../model/names.js";

/** An organization that a manifest already in the output directory declares. */
export interface Declaration {
  /** The file, relative to the output directory, with `/` separators. */
  readonly file: string;
  /** The name as declared. */
  readonly name: string;
}

/**
 * The organizations the manifests already under `outDir` declare (by name and by previous
 * name), keyed by `nameKey`. Export reads them so that it never writes a second declaration
 * of an organization that a hand-written file already holds. A light read, not the loader:
 * a file that does not parse, or a document that is not an organization, declares nothing
 * (the loader reports such files when the manifests are used). The files are those the loader
 * reads in `outDir` (the same walk: hidden folders and node_modules left out), so a skip never
 * leans on a file that `plan` would not read.
 */
export async function declaredOrganizations(
  outDir: string,
): Promise<Map<string, Declaration>> {
  const found = new Map<string, Declaration>();
  const { files } = await collectFiles([outDir], outDir);
  for (const { absolute: path } of files) {
    let text: string;
    try {
      text = readFileSync(path, "utf8");
    } catch {
      continue;
    }
    const file = relative(outDir, path).split("\\").join("/");
    for (const document of parseAllDocuments(text, { uniqueKeys: false })) {
      if (!("toJS" in document) || document.errors.length > 0) continue;
      let value: unknown;
      try {
        // No alias is expanded: a hostile file cannot make this read large.
        value = document.toJS({ maxAliasCount: 0 });
      } catch {
        continue;
      }
      for (const name of organizationNames(value)) {
        const key = nameKey(name);
        if (!found.has(key)) found.set(key, { file, name });
      }
    }
  }
  return found;
}

function organizationNames(value: unknown): string[] {
  if (!isRecord(value)) return [];
  const entries =
    value.kind === "Organization"
      ? [value]
      : value.kind === "Organizations" && Array.isArray(value.organizations)
        ? value.organizations
        : [];
  return entries
    .filter(isRecord)
    .flatMap((entry) => [
      ...(typeof entry.name === "string" ? [entry.name] : []),
      ...(Array.isArray(entry.previousNames)
        ? entry.previousNames.filter((n): n is string => typeof n === "string")
        : []),
    ]);
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
