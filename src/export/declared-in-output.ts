import { readFileSync } from "node:fs";
import { relative } from "node:path";

import { parseAllDocuments } from "yaml";

import { collectFiles } from "../manifest/collect-files.js";
import type { DetailEntity } from "../model/entity.js";
import { nameKey } from "../model/names.js";

/** An organization that a manifest already in the output directory declares. */
export interface Declaration {
  /** The file, relative to the output directory, with `/` separators. */
  readonly file: string;
  /** The name as declared. */
  readonly name: string;
}

/** What the manifests already in an output directory declare, each keyed by `nameKey`. */
export interface Declared {
  readonly organizations: ReadonlyMap<string, Declaration>;
  /**
   * Organization fields by `nameKey`; the fields of another entity, which has names of its
   * own, by `entity + "\0" + nameKey` (`fieldKey`).
   */
  /** The organizations declared with an `id:`, by id (a YAML number read as its digits). */
  readonly organizationIds: ReadonlyMap<string, Declaration>;
  readonly fields: ReadonlyMap<string, Declaration>;
}

/** The key of `Declared.fields` for a field of an entity. */
export function fieldKey(entity: DetailEntity, name: string): string {
  return entity === "organization"
    ? nameKey(name)
    : `${entity}\u0000${nameKey(name)}`;
}

/**
 * The organizations and detail fields the manifests already under `outDir` declare (by name
 * and by previous name), keyed by `nameKey`. Export reads them so that it never writes a second declaration
 * of an organization or field that a hand-written file already holds. A light read, not the loader:
 * a file that does not parse, or a document that is not an organization, declares nothing
 * (the loader reports such files when the manifests are used). The files are those the loader
 * reads in `outDir` (the same walk: hidden folders and node_modules left out), so a skip never
 * leans on a file that `plan` would not read.
 */
export async function declaredInOutput(outDir: string): Promise<Declared> {
  const organizations = new Map<string, Declaration>();
  const fields = new Map<string, Declaration>();
  const organizationIds = new Map<string, Declaration>();
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
      if (!isRecord(value)) continue;
      const add = (
        found: Map<string, Declaration>,
        entries: unknown[],
        keyOf = nameKey,
      ) => {
        for (const name of namesOf(entries)) {
          const key = keyOf(name);
          if (!found.has(key)) found.set(key, { file, name });
        }
        if (found !== organizations) return;
        for (const entry of entries.filter(isRecord)) {
          const { id, name } = entry;
          if (typeof id !== "string" && typeof id !== "number") continue;
          if (!organizationIds.has(String(id)))
            organizationIds.set(String(id), { file, name: String(name) });
        }
      };
      if (value.kind === "Organization") add(organizations, [value]);
      if (value.kind === "Organizations")
        add(organizations, list(value.organizations));
      if (value.kind === "DetailFields") {
        const entity = isEntity(value.entity) ? value.entity : "organization";
        add(fields, list(value.fields), (name) => fieldKey(entity, name));
      }
    }
  }
  return { organizations, organizationIds, fields };
}

function isEntity(value: unknown): value is DetailEntity {
  return value === "entitlement" || value === "customer";
}

function list(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}

/** The names and previous names of a list's entries. */
function namesOf(entries: readonly unknown[]): string[] {
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
