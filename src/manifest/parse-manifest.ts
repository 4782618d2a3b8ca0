import { Composer, Parser, isMap, type CST, type YAMLError } from "yaml";

import { findTooDeep } from "./cst-depth.js";
import { asSecretText, type SecretText } from "../util/secret-text.js";
import type { ManifestEnv } from "./interpolate.js";
import { LIMITS } from "./limits.js";
import type { ManifestIssue } from "./manifest-issue.js";
import { ParsedDocument } from "./parsed-document.js";
import { scanText } from "./scan-text.js";
import { SourceText, type IssueDetails } from "./source-text.js";
import { yamlToValue } from "./yaml-to-value.js";

/** Options of `parseManifest`. */
export interface ParseManifestOptions {
  /**
   * The variables `${NAME}` reads. Pure by design: the CLI passes `process.env`, tests pass
   * what they need. @default {} (every `${NAME}` without a default is then an error)
   */
  readonly env?: ManifestEnv;
  /**
   * The tokens orgsync holds (from every credential source): an interpolated value holding
   * one, in any encoding, is refused. @default [] (nothing to refuse)
   */
  readonly secrets?: readonly string[] | SecretText | undefined;
  /**
   * Whether `${NAME}` is read as a reference at all; files that are not manifests (the drift
   * ignore file) keep it as written. @default true
   */
  readonly interpolate?: boolean;
  /** Whether aliases are read (expanded, within LIMITS) or refused. @default true */
  readonly aliases?: boolean;
}

/** The documents of one manifest file, and every problem found while reading them. */
export interface ParseResult {
  /** The documents that parsed cleanly, in file order (empty documents are left out). */
  readonly documents: readonly ParsedDocument[];
  readonly issues: readonly ManifestIssue[];
  readonly warnings: readonly ManifestIssue[];
  /**
   * `apiVersion` and `kind` of each document as YAML read them (before interpolation, even
   * when the document has errors; undefined when its top level is not a mapping): enough to
   * tell an orgsync manifest from another YAML file.
   */
  readonly headers: readonly DocumentHeader[];
}

/** The identifying keys of one document. */
export interface DocumentHeader {
  readonly apiVersion: unknown;
  readonly kind: unknown;
}

/**
 * YAML 1.2 core schema, strictly: keys are text; no `<<` merge keys; explicit YAML 1.1 tags
 * such as `!!binary` stay unresolved (a warning, read as text). Duplicate keys are found by
 * our own walk: yaml's `uniqueKeys` check is quadratic in the size of a mapping.
 */
const YAML_OPTIONS = {
  version: "1.2",
  schema: "core",
  stringKeys: true,
  uniqueKeys: false,
  merge: false,
  resolveKnownTags: false,
  intAsBigInt: false,
  strict: true,
  prettyErrors: false,
  logLevel: "silent",
} as const;

/**
 * Parses one manifest file's text into documents (pure: no I/O; the environment is passed
 * in). Syntax errors, structural limits and interpolation problems come back as located
 * issues; nothing is thrown for bad input.
 */
export function parseManifest(
  text: string,
  file: string,
  options: ParseManifestOptions = {},
): ParseResult {
  const env = options.interpolate === false ? undefined : (options.env ?? {});
  const secrets = asSecretText(options.secrets);
  const issues: ManifestIssue[] = [];
  const warnings: ManifestIssue[] = [];
  const content = text.startsWith("\uFEFF") ? text.slice(1) : text;

  if (content.length > LIMITS.maxFileBytes) {
    const source = new SourceText(file, "", [0]);
    return {
      documents: [],
      issues: [
        source.issue(
          { document: 0, pointer: "" },
          {
            message: `file is too large (${content.length.toLocaleString("en-US")} characters)`,
            expected: `at most ${LIMITS.maxFileBytes.toLocaleString("en-US")}; split it into several files`,
          },
        ),
      ],
      warnings,
      headers: [],
    };
  }

  const scan = scanText(content, LIMITS.maxStructureMarks);
  const source = new SourceText(file, content, scan.lineStarts);
  const fileIssue = (offset: number, details: IssueDetails): ParseResult => ({
    documents: [],
    issues: [
      source.issue({ document: 0, pointer: "", start: offset }, details),
    ],
    warnings,
    headers: [],
  });
  if (scan.overLimitAt !== undefined) {
    return fileIssue(scan.overLimitAt, {
      message: `file holds more than ${LIMITS.maxStructureMarks.toLocaleString("en-US")} YAML items; reading stopped here`,
      expected: "a smaller file; split the manifests into several files",
    });
  }

  let refused: ParseResult | undefined;
  let documentCount = 0;
  function* guarded(tokens: Iterable<CST.Token>): Generator<CST.Token> {
    for (const token of tokens) {
      if (token.type === "document") {
        documentCount++;
        if (documentCount > LIMITS.maxDocuments) {
          refused = fileIssue(token.offset, {
            message: `file holds more than ${LIMITS.maxDocuments.toLocaleString("en-US")} YAML documents`,
            expected:
              "fewer documents; an Organizations document holds many organizations",
          });
          return;
        }
        const tooDeep = findTooDeep(token, LIMITS.maxDepth);
        if (tooDeep !== undefined) {
          refused = fileIssue(tooDeep, {
            message: `YAML nested more than ${LIMITS.maxDepth} levels deep`,
            expected: `at most ${LIMITS.maxDepth} levels (a manifest needs about 5)`,
          });
          return;
        }
      }
      yield token;
    }
  }

  const composer = new Composer(YAML_OPTIONS);
  const yamlDocuments = [
    ...composer.compose(guarded(new Parser().parse(content))),
  ];
  if (refused) return refused;

  const documents: ParsedDocument[] = [];
  const headers: DocumentHeader[] = [];
  yamlDocuments.forEach((yamlDocument, index) => {
    const contents = yamlDocument.contents;
    headers.push(
      isMap(contents)
        ? { apiVersion: contents.get("apiVersion"), kind: contents.get("kind") }
        : { apiVersion: undefined, kind: undefined },
    );
    const at = (error: YAMLError, severity: ManifestIssue["severity"]) =>
      source.issue(
        {
          document: index,
          pointer: "",
          start: error.pos[0],
          end: error.pos[1],
        },
        { severity, ...describeYamlError(error) },
      );
    for (const warning of yamlDocument.warnings) {
      warnings.push(at(warning, "warning"));
    }
    for (const error of yamlDocument.errors) issues.push(at(error, "error"));
    if (yamlDocument.errors.length > 0) return;

    const root = yamlDocument.contents;
    const before = issues.length;
    const interpolationIssues = new Set<ManifestIssue>();
    const plain =
      root === null
        ? undefined
        : yamlToValue(root, {
            source,
            document: index,
            env,
            secrets,
            aliases: options.aliases ?? true,
            issues,
            interpolationIssues,
          });
    // A document whose only problems are interpolation problems is still checked, except
    // where a reference failed: an unset variable must not hide the document's other errors.
    if (issues.length - before > interpolationIssues.size) return;
    if (!plain || plain.value === null) {
      warnings.push(
        source.issue(
          { document: index, pointer: "", start: yamlDocument.range[0] },
          {
            severity: "warning",
            message: "empty YAML document",
            expected: "a mapping with apiVersion and kind, or no document",
          },
        ),
      );
      return;
    }
    documents.push(
      new ParsedDocument(
        source,
        index,
        plain,
        [...interpolationIssues].map((issue) => issue.pointer),
      ),
    );
  });

  if (yamlDocuments.length === 0) {
    warnings.push(
      source.issue(
        { document: 0, pointer: "" },
        {
          severity: "warning",
          message: "file is empty (no YAML documents)",
          expected: "at least one manifest document",
        },
      ),
    );
  }
  return { documents, issues, warnings, headers };
}

/** Plainer words for the YAML errors people make most. */
function describeYamlError(error: YAMLError): IssueDetails {
  const text = error.message.replace(/\s+at line \d+, column \d+[\s\S]*$/, "");
  switch (error.code) {
    case "TAB_AS_INDENT":
      return {
        message: "tab used for indentation",
        expected: "spaces: YAML does not allow tabs for indentation",
      };
    case "NON_STRING_KEY":
      return {
        message: "a mapping key must be text",
        expected: "a plain or quoted text key",
      };
    case "TAG_RESOLVE_FAILED":
      return {
        message: `${text}; the value is read as text`,
        expected: "no YAML tag (orgsync reads plain values)",
      };
    default:
      return { message: `invalid YAML: ${lowerFirst(text)}` };
  }
}

function lowerFirst(text: string): string {
  return text.length > 1 && /^[A-Z][a-z]/.test(text)
    ? text[0]!.toLowerCase() + text.slice(1)
    : text;
}
