import { appendAll } from "./append-all.js";
import type { CheckedDocument } from "./build-model.js";
import { checkDocuments, checkSchema } from "./check-documents.js";
import { asSecretText } from "../util/secret-text.js";
import type { ManifestEnv } from "./interpolate.js";
import { LIMITS } from "./limits.js";
import {
  sortIssues,
  uniqueIssues,
  type ManifestIssue,
} from "./manifest-issue.js";
import { recordSourceTexts } from "./issue-at-source.js";
import {
  loadSource,
  type LoadedSource,
  type ManifestSource,
} from "./load-source.js";
import type { ParsedDocument } from "./parsed-document.js";
import type { LoadResult } from "./load-result.js";

/** What one file brought, reported while the load goes on (`onFile`). */
export interface LoadedFile {
  /** The organization names and previous names its documents use (none once `failed`). */
  readonly names: readonly string[];
  /** True once any problem was found, in this file or an earlier one. */
  readonly failed: boolean;
}

/**
 * Loads manifests from contents already in memory: the pure core of `loadManifests`. Files
 * are checked in the order given; every problem of every file is reported.
 */
export function loadManifestSources(
  sources: readonly ManifestSource[],
  options: {
    readonly env: ManifestEnv;
    /** Tokens orgsync holds: an interpolated value holding one is refused. */
    readonly secrets?: readonly string[];
  },
): LoadResult {
  const merge = mergeSources();
  const context = { env: options.env, secrets: asSecretText(options.secrets) };
  for (const source of sources) merge.add(loadSource(source, context));
  return merge.result();
}

/** Files loaded one by one (`add`, in file order), checked together at the end (`result`). */
export interface SourceMerge {
  readonly add: (loaded: LoadedSource) => void;
  readonly result: () => LoadResult;
}

/**
 * Gathers loaded files in file order, checks each against the schema as it comes and all of
 * them together at the end; `onFile` hears of each file that holds documents or problems as
 * it is added (see `LoadManifestsOptions.onFile`).
 */
export function mergeSources(onFile?: (file: LoadedFile) => void): SourceMerge {
  const issues: ManifestIssue[] = [];
  const warnings: ManifestIssue[] = [];
  const documents: ParsedDocument[] = [];
  const checkedDocuments: CheckedDocument[] = [];
  const skipped: string[] = [];
  const empty: string[] = [];
  const files: string[] = [];

  const add = (loaded: LoadedSource): void => {
    if (loaded.skipped) {
      skipped.push(loaded.file);
      return;
    }
    files.push(loaded.file);
    if (loaded.documents.length === 0 && loaded.issues.length === 0) {
      empty.push(loaded.file);
    }
    appendAll(issues, loaded.issues);
    appendAll(warnings, loaded.warnings);
    appendAll(documents, loaded.documents);
    for (const document of loaded.documents) {
      const schema = checkSchema(document);
      appendAll(issues, schema.issues);
      if (schema.checked) checkedDocuments.push(schema.checked);
    }
    if (loaded.documents.length === 0 && issues.length === 0) return;
    onFile?.(
      issues.length > 0
        ? { failed: true, names: [] }
        : { failed: false, names: loaded.names },
    );
  };

  const result = (): LoadResult => {
    const checked = checkDocuments(checkedDocuments, issues.length > 0);
    appendAll(issues, checked.issues);
    appendAll(warnings, checked.warnings);
    const sortedWarnings = sortIssues(uniqueIssues(warnings), files);
    const stats = {
      files: files.length,
      // Detail fields of every entity: organization, entitlement and customer.
      fields: [
        checked.model,
        ...Object.values(checked.model.entities ?? {}),
      ].reduce((sum, entry) => sum + entry.fields.length, 0),
      organizations: checked.model.organizations.length,
    };
    if (checked.desired && issues.length === 0) {
      recordSourceTexts(
        checked.desired,
        documents.map((document) => document.source),
      );
      return {
        ok: true,
        value: checked.desired,
        warnings: sortedWarnings,
        stats,
        skipped,
        empty,
        documents: documents.length,
      };
    }
    const sorted = sortIssues(uniqueIssues(issues), files);
    return {
      ok: false,
      issues: sorted.slice(0, LIMITS.maxReportedIssues),
      warnings: sortedWarnings.slice(0, LIMITS.maxReportedIssues),
      stats,
      skipped,
      empty,
      documents: documents.length,
      omitted: Math.max(0, sorted.length - LIMITS.maxReportedIssues),
    };
  };

  return { add, result };
}
