import { MAX_DETAIL_FIELDS } from "../model/field-types.js";

/**
 * The caps that keep hostile or broken manifests from exhausting time or memory. Each is far
 * above what a real estate needs; each breach is reported as a located problem, never a crash.
 */
export const LIMITS = {
  /** The largest manifest file read, in bytes (10 MiB). */
  maxFileBytes: 10 * 1024 * 1024,
  /**
   * The most YAML structure marks (line breaks, `,` `[` `{`, and `-` `?` `:` followed by a
   * space) one file may hold before it is parsed. It bounds the parser's time and memory
   * (about 2 s and 600 MB at the cap on our machines); 10,000 organizations take about 150,000.
   */
  maxStructureMarks: 1_000_000,
  /** The most YAML documents in one file. */
  maxDocuments: 10_000,
  /** The deepest nesting of collections, also after aliases are expanded. Manifests need 5. */
  maxDepth: 64,
  /**
   * The most values aliases may add to one document when expanded: an alias bomb ("billion
   * laughs") stops here instead of expanding exponentially.
   */
  maxAliasExpansion: 1_000_000,
  /** The most detail fields a site holds (Atlassian's limit). */
  maxFields: MAX_DETAIL_FIELDS,
  /** The most problems reported; the rest are counted. */
  maxReportedIssues: 1000,
} as const;

/**
 * The problem with a file over `LIMITS.maxFileBytes`, found before a byte of it is parsed;
 * `bytes` is its size when known (a special file's is not: it is read up to the cap).
 */
export function fileTooLarge(bytes: number | undefined): {
  readonly message: string;
  readonly expected: string;
} {
  return {
    message:
      bytes !== undefined && bytes > LIMITS.maxFileBytes
        ? `file is too large (${bytes.toLocaleString("en-US")} bytes)`
        : `file is too large (more than ${LIMITS.maxFileBytes.toLocaleString("en-US")} bytes)`,
    expected: `at most ${LIMITS.maxFileBytes.toLocaleString("en-US")} bytes; split it into several files`,
  };
}
