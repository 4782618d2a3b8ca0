import type { ManifestIssue } from "./manifest-issue.js";
import { lineText, positionOf } from "./scan-text.js";

/** What an issue says, apart from where it is. */
export interface IssueDetails {
  readonly message: string;
  readonly severity?: ManifestIssue["severity"];
  readonly found?: string | undefined;
  readonly expected?: string | undefined;
  readonly suggestion?: string | undefined;
}

/** Where an issue is: a document of the file, a pointer into it, and a span of the text. */
export interface IssueSpot {
  readonly document: number;
  readonly pointer: string;
  /** Offset of the first character, or undefined for the whole file. */
  readonly start?: number | undefined;
  /** Offset just past the spot. */
  readonly end?: number | undefined;
}

/** The longest source line an issue carries; longer ones are cut around the spot. */
const MAX_SHOWN = 200;
const CONTEXT_BEFORE = 60;

/** The text of one manifest file, able to turn offsets into located issues. */
export class SourceText {
  constructor(
    readonly file: string,
    readonly text: string,
    readonly lineStarts: readonly number[],
  ) {}

  position(offset: number): { line: number; column: number } {
    return positionOf(this.lineStarts, offset);
  }

  line(line: number): string {
    return lineText(this.text, this.lineStarts, line);
  }

  issue(spot: IssueSpot, details: IssueDetails): ManifestIssue {
    const base = {
      file: this.file,
      document: spot.document,
      pointer: spot.pointer,
      message: details.message,
      severity: details.severity ?? "error",
      ...(details.found === undefined ? {} : { found: details.found }),
      ...(details.expected === undefined ? {} : { expected: details.expected }),
      ...(details.suggestion === undefined
        ? {}
        : { suggestion: details.suggestion }),
    };
    if (spot.start === undefined) return { ...base, line: 0, column: 0 };
    const { line, column } = this.position(spot.start);
    const full = this.line(line);
    const end = spot.end ?? spot.start + 1;
    // A spot that runs past its line (a whole mapping, a folded text) is marked at its start.
    const length =
      end - spot.start > full.length - column + 1
        ? 1
        : Math.max(1, Math.min(end - spot.start, MAX_SHOWN));
    if (full.length <= MAX_SHOWN) {
      return { ...base, line, column, sourceLine: full, length };
    }
    // A long line (minified YAML, a hostile file) is shown as a window around the spot.
    const from = Math.max(0, column - 1 - CONTEXT_BEFORE);
    const window = full.slice(from, from + MAX_SHOWN);
    const prefix = from > 0 ? "…" : "";
    const suffix = from + MAX_SHOWN < full.length ? "…" : "";
    return {
      ...base,
      line,
      column,
      sourceLine: prefix + window + suffix,
      sourceColumn: column - from + prefix.length,
      length: Math.min(length, window.length - (column - 1 - from)),
    };
  }
}
