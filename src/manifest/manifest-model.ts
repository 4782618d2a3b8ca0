import type { SourceLocation } from "../model/index.js";
import { childPointer } from "../util/json-pointer.js";
import type { ManifestIssue } from "./manifest-issue.js";
import type { LocateOptions, ParsedDocument } from "./parsed-document.js";
import type { IssueDetails } from "./source-text.js";

/**
 * The manifests between schema validation and the Desired model: normalised like Desired
 * (names trimmed, values as lists of strings, defaults merged) but still knowing the document
 * and place of every part, so the cross-document rules can point at it.
 */
export interface ManifestModel {
  /** One entry per DetailFields document. */
  readonly fieldDocuments: readonly FieldDocumentEntry[];
  readonly fields: readonly FieldEntry[];
  /**
   * Names of field definitions left out because they have schema errors, by name key:
   * detail keys naming them are not reported again as undeclared.
   */
  readonly brokenFields: ReadonlyMap<string, string>;
  readonly organizations: readonly OrganizationEntry[];
  /** The `pruneOrganizations` each Organizations document states, in document order. */
  readonly pruneOrganizations: readonly {
    readonly prune: boolean;
    readonly at: Where;
  }[];
}

/**
 * A part of a document: its value, and the entry of its parent it is. The way back to its
 * line and column goes through the parent's YAML node; the JSON pointer is built only when
 * an issue needs it (a large manifest has hundreds of thousands of parts).
 */
export interface Where {
  readonly doc: ParsedDocument;
  readonly parent: Where | undefined;
  /** The key (mapping) or index (list) of this part in its parent. */
  readonly key: string | number | undefined;
  readonly value: unknown;
}

/** The whole document. */
export function documentWhere(doc: ParsedDocument): Where {
  return { doc, parent: undefined, key: undefined, value: doc.value };
}

/** The entry `key` of the mapping or list at `where`. */
export function childWhere(where: Where, key: string | number): Where {
  const value =
    typeof where.value === "object" && where.value !== null
      ? (where.value as Record<string | number, unknown>)[key]
      : undefined;
  return { doc: where.doc, parent: where, key, value };
}

/** The JSON pointer of `where` in its document. */
export function pointerOf(where: Where): string {
  return where.parent === undefined || where.key === undefined
    ? ""
    : childPointer(pointerOf(where.parent), where.key);
}

/** Where `where` was written. */
export function locateWhere(
  where: Where,
  options: LocateOptions = {},
): SourceLocation {
  return where.doc.locateEntry(where.parent?.value, where.key, options);
}

/** A located issue about what `where` names. */
export function issueAt(
  where: Where,
  details: IssueDetails,
  options: LocateOptions = {},
): ManifestIssue {
  return where.doc.issueAtEntry(
    where.parent?.value,
    where.key,
    pointerOf(where),
    details,
    options,
  );
}

/** `file:line:col` of what `where` names, for messages that cite another place. */
export function citeWhere(where: Where): string {
  const { file, line, column } = locateWhere(where);
  return `${file}:${line}:${column}`;
}

/** A name (or value) with where it was written. */
export interface NamedEntry {
  /** Trimmed. */
  readonly name: string;
  /** `nameKey(name)`: trimmed and case-folded. */
  readonly key: string;
  readonly at: Where;
}

export interface FieldDocumentEntry {
  /** As written; undefined when the document does not say. */
  readonly prune: boolean | undefined;
  readonly at: Where;
}

export interface FieldEntry extends NamedEntry {
  readonly type: string;
  /** `absent` deletes the field (apply also needs `--allow-delete`). */
  readonly ensure: "present" | "absent";
  /** The keys an absent field sets besides name, type and ensure (each a mistake). */
  readonly extraKeys: ReadonlyMap<string, Where>;
  /** As written (trimmed text); undefined when the field lists none. */
  readonly options: readonly NamedEntry[] | undefined;
  readonly previousNames: readonly NamedEntry[];
}

/** One detail value: text (trimmed; numbers and booleans exactly as written). */
export interface ValueEntry {
  readonly text: string;
  readonly at: Where;
}

export interface DetailEntry extends NamedEntry {
  /** The values, each with where it was written. */
  readonly values: readonly ValueEntry[];
  /** True when this key came from the document's `defaults`. */
  readonly fromDefaults: boolean;
}

export interface ListEntry {
  readonly items: readonly NamedEntry[];
  readonly at: Where;
}

export interface OrganizationEntry extends NamedEntry {
  /** The id as text (a YAML number as written), when the entry has one. */
  readonly id: ValueEntry | undefined;
  readonly previousNames: readonly NamedEntry[];
  readonly ensure: "present" | "absent";
  /** The details after merging defaults: own keys first, then default keys not overridden. */
  readonly details: readonly DetailEntry[];
  readonly products: ListEntry | undefined;
  readonly pruneProducts: boolean;
  readonly customers: ListEntry | undefined;
  /** For an absent organization, the keys it wrote itself (empty for others). */
  readonly ownKeys: ReadonlyMap<string, Where>;
}
