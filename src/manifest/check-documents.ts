import type { Desired } from "../model/index.js";
import { buildModel, type CheckedDocument } from "./build-model.js";
import { pointerSegments } from "../util/json-pointer.js";
import type { ManifestIssue } from "./manifest-issue.js";
import type { ManifestModel } from "./manifest-model.js";
import type { ParsedDocument } from "./parsed-document.js";
import { MANIFEST_RULES } from "./rules/index.js";
import { toDesired } from "./to-desired.js";
import { validateSchema } from "./validate-schema.js";

/** The outcome of checking a set of parsed documents together. */
export interface DocumentsCheck {
  readonly issues: readonly ManifestIssue[];
  readonly warnings: readonly ManifestIssue[];
  /** Present when there are no errors. */
  readonly desired?: Desired;
  readonly model: ManifestModel;
}

/** The list a document's items live in, by kind: their schema errors drop only that item. */
const ITEM_LISTS: Readonly<Record<string, string>> = {
  DetailFields: "fields",
  Organizations: "organizations",
};

/** One document checked against the schema: its problems, and what the rules may use. */
export interface SchemaCheck {
  readonly issues: readonly ManifestIssue[];
  /** Absent when schema errors outside its list items leave it out of the rules. */
  readonly checked?: CheckedDocument;
}

/**
 * Checks one document against the schema (file by file, as the manifests load). A document
 * with schema errors outside its list items is left out of the rules; an item with errors is
 * left out alone, so one typo does not hide the problems of a thousand other organizations.
 * An unknown key (a misspelt `defaults:`) leaves out only itself.
 */
export function checkSchema(doc: ParsedDocument): SchemaCheck {
  const { issues: schemaIssues, unknownKeys } = validateSchema(doc);
  // Where a `${NAME}` could not be read, its problem was reported already: not again. The
  // value there is still wrong, so it still leaves its item or document out of the rules.
  const issues = schemaIssues.filter(
    (issue) => !doc.isUnreadable(issue.pointer),
  );
  const kind = (doc.value as { kind?: unknown } | null)?.kind;
  const list = typeof kind === "string" ? ITEM_LISTS[kind] : undefined;
  const brokenItems = new Set<string>();
  for (const issue of schemaIssues) {
    // An unknown key is left out of the model: what remains is still checked.
    if (unknownKeys.has(issue)) continue;
    const [first, index] = pointerSegments(issue.pointer);
    if (list !== undefined && first === list && index !== undefined) {
      brokenItems.add(`/${list}/${index}`);
    } else {
      return { issues };
    }
  }
  return { issues, checked: { doc, brokenItems } };
}

/**
 * Checks the documents that passed `checkSchema` together against the cross-document rules,
 * and builds the Desired model when nothing is wrong (`failed`: a problem was found before).
 */
export function checkDocuments(
  checked: readonly CheckedDocument[],
  failed: boolean,
): DocumentsCheck {
  const issues: ManifestIssue[] = [];
  const warnings: ManifestIssue[] = [];
  const byDocument = new Map<string, ParsedDocument>();
  for (const { doc } of checked)
    byDocument.set(`${doc.index}:${doc.file}`, doc);

  const model = buildModel(checked);
  for (const rule of MANIFEST_RULES) {
    for (const issue of rule(model)) {
      // A value a `${NAME}` could not fill in was reported already, once.
      const doc = byDocument.get(`${issue.document}:${issue.file}`);
      if (doc?.isUnreadable(issue.pointer)) continue;
      (issue.severity === "error" ? issues : warnings).push(issue);
    }
  }
  if (issues.length > 0 || failed) return { issues, warnings, model };
  return { issues, warnings, model, desired: toDesired(model) };
}
