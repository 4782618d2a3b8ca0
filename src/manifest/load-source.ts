import { decodeBytes } from "./decode-bytes.js";
import { documentOrganizationNames } from "./document-organization-names.js";
import { didYouMean } from "../util/did-you-mean.js";
import type { SecretText } from "../util/secret-text.js";
import type { ManifestEnv } from "./interpolate.js";
import { fileTooLarge, LIMITS } from "./limits.js";
import { fileIssue, type ManifestIssue } from "./manifest-issue.js";
import { MANIFEST_KINDS } from "./manifest-types.js";
import { parseManifest, type DocumentHeader } from "./parse-manifest.js";
import type { ParsedDocument } from "./parsed-document.js";

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

/** One file decoded and parsed on its own (the schema check follows, in file order). */
export interface LoadedSource {
  readonly file: string;
  /** A discovered file with no orgsync document: left out, nothing else is set. */
  readonly skipped: boolean;
  readonly issues: readonly ManifestIssue[];
  readonly warnings: readonly ManifestIssue[];
  /** The documents that parsed cleanly, in file order. */
  readonly documents: readonly ParsedDocument[];
  /** The organization names and previous names its documents use. */
  readonly names: readonly string[];
}

/** The context every file is loaded in. */
export interface SourceContext {
  readonly env: ManifestEnv;
  readonly secrets: SecretText | undefined;
}

/**
 * Decodes and parses one file (pure; a worker thread runs it for files loaded in parallel:
 * it needs only the yaml package, not ajv). Bad input comes back as located issues.
 */
export function loadSource(
  source: ManifestSource,
  context: SourceContext,
): LoadedSource {
  const loaded = {
    file: source.file,
    skipped: false,
    warnings: [],
    documents: [],
    names: [],
  };
  let text: string;
  if (typeof source.content === "string") {
    text = source.content;
  } else {
    if (source.content.length > LIMITS.maxFileBytes) {
      return {
        ...loaded,
        issues: [fileIssue(source.file, fileTooLarge(source.content.length))],
      };
    }
    const decoded = decodeBytes(source.content);
    if (!decoded.ok) {
      return {
        ...loaded,
        issues: [
          {
            file: source.file,
            line: decoded.line,
            column: decoded.column,
            document: 0,
            pointer: "",
            severity: "error",
            message: `invalid UTF-8 (byte ${decoded.offset.toLocaleString("en-US")} of the file)`,
            expected: "a file saved as UTF-8",
            sourceLine: decoded.sourceLine,
          },
        ],
      };
    }
    text = decoded.text;
  }
  const parsed = parseManifest(text, source.file, context);
  if (
    source.discovered &&
    parsed.headers.length > 0 &&
    !parsed.headers.some(looksLikeManifest)
  ) {
    return { ...loaded, skipped: true, issues: [] };
  }
  return {
    ...loaded,
    issues: parsed.issues,
    warnings: parsed.warnings,
    documents: parsed.documents,
    names: parsed.documents.flatMap((document) =>
      documentOrganizationNames(document.value),
    ),
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
