import { appendAll } from "./append-all.js";
import { checkDocuments } from "./check-documents.js";
import { decodeBytes } from "./decode-bytes.js";
import { didYouMean } from "../util/did-you-mean.js";
import { asSecretText } from "../util/secret-text.js";
import type { ManifestEnv } from "./interpolate.js";
import { fileTooLarge, LIMITS } from "./limits.js";
import {
  fileIssue,
  sortIssues,
  uniqueIssues,
  type ManifestIssue,
} from "./manifest-issue.js";
import { MANIFEST_KINDS } from "./manifest-types.js";
import { recordSourceTexts } from "./issue-at-source.js";
import { parseManifest, type DocumentHeader } from "./parse-manifest.js";
import type { ParsedDocument } from "./parsed-document.js";
import type { LoadResult } from "./load-result.js";

/** One manifest file's contents, as read (or as a test or library user has them). */
export interface ManifestSource {
  /** The name issues use, e.g. `orgsync/fields.yaml`. */
  readonly file: string;
  /** Raw bytes (checked as UTF-8) or text. */
  readonly content: Uint8Array | string;
  /**
   * True for a file found by walking a directory: it is left out, not reported, when none
   * of its documents looks like an orgsync manifest (a CI workflow next to the manifests).
   * Files named explicitly are always manifests. @default false
   */
  readonly discovered?: boolean;
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
  const issues: ManifestIssue[] = [];
  const warnings: ManifestIssue[] = [];
  const documents: ParsedDocument[] = [];
  const skipped: string[] = [];
  const empty: string[] = [];
  const files: string[] = [];
  const secrets = asSecretText(options.secrets);

  for (const source of sources) {
    let text: string;
    if (typeof source.content === "string") {
      text = source.content;
    } else {
      if (source.content.length > LIMITS.maxFileBytes) {
        files.push(source.file);
        issues.push(
          fileIssue(source.file, fileTooLarge(source.content.length)),
        );
        continue;
      }
      const decoded = decodeBytes(source.content);
      if (!decoded.ok) {
        files.push(source.file);
        issues.push({
          file: source.file,
          line: decoded.line,
          column: decoded.column,
          document: 0,
          pointer: "",
          severity: "error",
          message: `invalid UTF-8 (byte ${decoded.offset.toLocaleString("en-US")} of the file)`,
          expected: "a file saved as UTF-8",
          sourceLine: decoded.sourceLine,
        });
        continue;
      }
      text = decoded.text;
    }
    const parsed = parseManifest(text, source.file, {
      env: options.env,
      secrets,
    });
    if (
      source.discovered &&
      parsed.headers.length > 0 &&
      !parsed.headers.some(looksLikeManifest)
    ) {
      skipped.push(source.file);
      continue;
    }
    files.push(source.file);
    if (parsed.documents.length === 0 && parsed.issues.length === 0) {
      empty.push(source.file);
    }
    appendAll(issues, parsed.issues);
    appendAll(warnings, parsed.warnings);
    appendAll(documents, parsed.documents);
  }

  const checked = checkDocuments(documents);
  appendAll(issues, checked.issues);
  appendAll(warnings, checked.warnings);
  const sortedWarnings = sortIssues(uniqueIssues(warnings), files);
  const stats = {
    files: files.length,
    fields: checked.model.fields.length,
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
}

/**
 * True when a document means to be an orgsync manifest: an `orgsync/...` apiVersion, or a
 * kind that is (or nearly is) one of ours, so a typo is still reported, not skipped.
 */
function looksLikeManifest({ apiVersion, kind }: DocumentHeader): boolean {
  if (typeof apiVersion === "string" && /^\s*orgsync\b/i.test(apiVersion)) {
    return true;
  }
  return (
    typeof kind === "string" &&
    ((MANIFEST_KINDS as readonly string[]).includes(kind) ||
      didYouMean(kind, MANIFEST_KINDS) !== undefined)
  );
}
