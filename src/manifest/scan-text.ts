/** What one cheap pass over a file's text learns before the YAML parser sees it. */
export interface TextScan {
  /** The offset where each line starts (line 1 at index 0). */
  readonly lineStarts: readonly number[];
  /** The offset where the structure-mark limit was passed, if it was. */
  readonly overLimitAt?: number;
}

const NEWLINE = 0x0a;
const COMMA = 0x2c;
const OPEN_SEQ = 0x5b;
const OPEN_MAP = 0x7b;
const DASH = 0x2d;
const QUESTION = 0x3f;
const COLON = 0x3a;
const SPACE = 0x20;
const TAB = 0x09;
const CR = 0x0d;

/**
 * Counts the marks that can open a YAML node (line breaks, `,` `[` `{`, and `-` `?` `:`
 * followed by white space) and records line starts. Quotes and comments are deliberately not
 * understood: the count may only be too high, never too low, so no input can slip a huge
 * structure past `limit` by hiding it from this scan.
 */
export function scanText(text: string, limit: number): TextScan {
  const lineStarts = [0];
  let marks = 0;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code === NEWLINE) {
      lineStarts.push(i + 1);
      marks++;
    } else if (code === COMMA || code === OPEN_SEQ || code === OPEN_MAP) {
      marks++;
    } else if (code === DASH || code === QUESTION || code === COLON) {
      const next = i + 1 < text.length ? text.charCodeAt(i + 1) : NEWLINE;
      if (next === SPACE || next === TAB || next === NEWLINE || next === CR) {
        marks++;
      }
    } else {
      continue;
    }
    if (marks > limit) return { lineStarts, overLimitAt: i };
  }
  return { lineStarts };
}

/** The 1-based line and column of an offset, given the line starts. */
export function positionOf(
  lineStarts: readonly number[],
  offset: number,
): { line: number; column: number } {
  let low = 0;
  let high = lineStarts.length - 1;
  while (low < high) {
    const mid = (low + high + 1) >> 1;
    if (lineStarts[mid]! <= offset) low = mid;
    else high = mid - 1;
  }
  return { line: low + 1, column: offset - lineStarts[low]! + 1 };
}

/** The text of a 1-based line, without its line break. */
export function lineText(
  text: string,
  lineStarts: readonly number[],
  line: number,
): string {
  const start = lineStarts[line - 1];
  if (start === undefined) return "";
  const next = lineStarts[line];
  const end = next === undefined ? text.length : next - 1;
  const raw = text.slice(start, end);
  return raw.endsWith("\r") ? raw.slice(0, -1) : raw;
}
