import { isPair, LineCounter, parseDocument, type Document } from "yaml";

import { pointerSegments } from "./json-pointer.js";

const MAX_DEPTH = 100;
/** How many characters V8 quotes either side of an unexpected token. */
const CONTEXT = 10;

/** How deep brackets nest in a JSON-like text, outside strings. */
function nestingDepth(text: string): number {
  let depth = 0;
  let deepest = 0;
  let inString = false;
  for (let i = 0; i < text.length; i += 1) {
    const char = text[i];
    if (inString) {
      if (char === "\\") i += 1;
      else if (char === '"') inString = false;
    } else if (char === '"') inString = true;
    else if (char === "[" || char === "{") deepest = Math.max(deepest, ++depth);
    else if (char === "]" || char === "}") depth -= 1;
  }
  return deepest;
}

/** A 1-based place in a text. */
export interface TextPosition {
  readonly line: number;
  readonly column: number;
}

/**
 * Where things are in a JSON text that orgsync wrote itself (a saved plan), for messages
 * about it. JSON is YAML 1.2, so the `yaml` parser (JSON schema: a bare word is an error)
 * gives every node's offset; it runs only once something is wrong, so valid files cost a
 * `JSON.parse` and nothing more.
 */
export class JsonLocator {
  private readonly lines = new LineCounter();
  private readonly document: Document | undefined;

  constructor(private readonly text: string) {
    this.lines.addNewLine(0);
    for (
      let at = text.indexOf("\n");
      at !== -1;
      at = text.indexOf("\n", at + 1)
    ) {
      this.lines.addNewLine(at + 1);
    }
    // Deep nesting could overflow the parser's stack (a plan needs about 8 levels); such a
    // text is located by JSON.parse's own words only.
    if (nestingDepth(text) > MAX_DEPTH) return;
    try {
      this.document = parseDocument(text, {
        schema: "json",
        prettyErrors: false,
        uniqueKeys: false,
        logLevel: "silent",
      });
    } catch {
      this.document = undefined;
    }
  }

  /** The position of an offset (UTF-16 code units). */
  position(offset: number): TextPosition {
    const { line, col } = this.lines.linePos(offset);
    return { line, column: col };
  }

  /**
   * Where the value (or with `atKey`, the key) that a JSON pointer names starts, or the
   * nearest parent that exists; undefined when the text could not be parsed.
   */
  locate(pointer: string, atKey = false): TextPosition | undefined {
    if (this.document === undefined || this.document.errors.length > 0) {
      return undefined;
    }
    let node: unknown = this.document.contents;
    let found = (node as { range?: number[] } | null)?.range?.[0];
    for (const segment of pointerSegments(pointer)) {
      const items = (node as { items?: unknown[] } | null)?.items;
      if (!Array.isArray(items)) break;
      const item = items.find((candidate, index) =>
        isPair(candidate)
          ? (candidate.key as { value?: unknown } | null)?.value === segment
          : String(index) === segment,
      );
      if (item === undefined) break;
      const [key, value] = isPair(item) ? [item.key, item.value] : [item, item];
      node = value;
      found = ((atKey ? key : (value ?? key)) as { range?: number[] })
        .range?.[0];
    }
    return found === undefined ? undefined : this.position(found);
  }

  /**
   * Why and where `JSON.parse` refused the text: its message without the quoted text, at the
   * position it names or the text it quotes, else where the `yaml` parser stopped, else at the
   * end of a cut-off text.
   */
  syntaxError(error: unknown): { message: string } & Partial<TextPosition> {
    const raw = error instanceof Error ? error.message : String(error);
    const message = raw
      .replace(/, [\s\S]*is not valid JSON$/, "")
      .replace(/ in JSON at position \d+.*$/, "")
      .replace(/^([A-Z])(?=[a-z])/, (first) => first.toLowerCase());
    const offset =
      /at position (\d+)/.exec(raw)?.[1] ??
      this.quotedOffset(raw) ??
      this.document?.errors[0]?.pos[0] ??
      (/end of JSON input/.test(raw) ? this.text.length : undefined);
    return offset === undefined
      ? { message }
      : { message, ...this.position(Number(offset)) };
  }

  /**
   * V8 names no position for an unexpected token, but quotes the text around it: up to 10
   * characters either side, `...` marking a cut (the whole text when it is that short).
   */
  private quotedOffset(raw: string): number | undefined {
    const quoted =
      /^Unexpected token '([\s\S]+?)', (\.\.\.)?"([\s\S]*)"(\.\.\.)? is not valid JSON$/.exec(
        raw,
      );
    if (quoted === null) return undefined;
    const [, token = "", cutBefore, context = "", cutAfter] = quoted;
    const start = this.text.indexOf(context);
    if (start === -1) return undefined;
    if (cutBefore !== undefined) return start + CONTEXT;
    if (cutAfter !== undefined) return start + context.length - CONTEXT;
    return start + Math.max(0, context.indexOf(token));
  }
}
