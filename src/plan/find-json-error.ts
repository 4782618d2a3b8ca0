/** Where and why a text is not JSON. */
export interface JsonSyntaxError {
  /** 0-based offset into the text (UTF-16 code units). */
  readonly offset: number;
  readonly message: string;
}

const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
const ESCAPES = new Set(['"', "\\", "/", "b", "f", "n", "r", "t"]);
const HEX4 = /[0-9a-fA-F]{4}/y;

type State = "value" | "valueOrEnd" | "key" | "keyOrEnd" | "after";

/**
 * The first syntax error of a text as JSON (RFC 8259), or undefined when it is JSON.
 * `JSON.parse` does not always say where it failed; this does, so a broken plan file is
 * reported at `file:line:col`. It keeps its own stack, so no nesting depth can overflow it.
 */
export function findJsonError(text: string): JsonSyntaxError | undefined {
  return scanJson(text);
}

/**
 * The offset where the value at a JSON pointer (`/changes/3/before`, as ajv reports it)
 * starts in a JSON text, or undefined when the text has no such value.
 */
export function findJsonPointer(
  text: string,
  pointer: string,
): number | undefined {
  let found: number | undefined;
  scanJson(text, (path, offset) => {
    if (toPointer(path) !== pointer) return false;
    found = offset;
    return true;
  });
  return found;
}

function toPointer(path: readonly (string | number)[]): string {
  return path
    .map(
      (segment) =>
        `/${String(segment).replace(/~/g, "~0").replace(/\//g, "~1")}`,
    )
    .join("");
}

interface Level {
  readonly kind: "{" | "[";
  segment: string | number;
}

/** The scanner: `onValue` sees where each value starts, by path, and may stop the scan. */
function scanJson(
  text: string,
  onValue?: (path: readonly (string | number)[], offset: number) => boolean,
): JsonSyntaxError | undefined {
  const stack: Level[] = [];
  const path = () => stack.map((level) => level.segment);
  let i = 0;
  let state: State = "value";
  const fail = (message: string): JsonSyntaxError => ({
    offset: i,
    message,
  });
  const describe = (): string =>
    i >= text.length
      ? "end of the text"
      : `character ${JSON.stringify(text[i])}`;

  for (;;) {
    while (i < text.length && " \t\n\r".includes(text[i] ?? "")) i += 1;
    const char = text[i];
    const level = stack[stack.length - 1];
    const top = level?.kind;
    if (state === "after") {
      if (top === undefined) {
        return i < text.length
          ? fail("unexpected text after the end of the JSON value")
          : undefined;
      }
      const close = top === "{" ? "}" : "]";
      if (char === ",") {
        i += 1;
        state = top === "{" ? "key" : "value";
        if (level && typeof level.segment === "number") level.segment += 1;
      } else if (char === close) {
        i += 1;
        stack.pop();
      } else {
        return fail(`unexpected ${describe()}; expected "," or "${close}"`);
      }
      continue;
    }
    if (state === "key" || state === "keyOrEnd") {
      if (state === "keyOrEnd" && char === "}") {
        i += 1;
        stack.pop();
        state = "after";
        continue;
      }
      if (char !== '"') {
        return fail(
          `unexpected ${describe()}; expected a property name in double quotes`,
        );
      }
      const start = i;
      const error = skipString();
      if (error) return error;
      if (level) level.segment = JSON.parse(text.slice(start, i)) as string;
      while (i < text.length && " \t\n\r".includes(text[i] ?? "")) i += 1;
      if (text[i] !== ":")
        return fail(`unexpected ${describe()}; expected ":"`);
      i += 1;
      state = "value";
      continue;
    }
    // A value is expected.
    if (state === "valueOrEnd" && char === "]") {
      i += 1;
      stack.pop();
      state = "after";
      continue;
    }
    if (onValue?.(path(), i)) return undefined;
    if (char === "{" || char === "[") {
      stack.push({ kind: char, segment: char === "{" ? "" : 0 });
      i += 1;
      state = char === "{" ? "keyOrEnd" : "valueOrEnd";
      continue;
    }
    state = "after";
    if (char === '"') {
      const error = skipString();
      if (error) return error;
      continue;
    }
    const literal = ["true", "false", "null"].find((word) =>
      text.startsWith(word, i),
    );
    if (literal) {
      i += literal.length;
      continue;
    }
    NUMBER.lastIndex = i;
    if (NUMBER.test(text)) {
      i = NUMBER.lastIndex;
      continue;
    }
    return fail(`unexpected ${describe()}; expected a JSON value`);
  }

  function skipString(): JsonSyntaxError | undefined {
    i += 1;
    for (;;) {
      const char = text[i];
      if (char === undefined) return fail("unterminated string");
      if (char === '"') {
        i += 1;
        return undefined;
      }
      if (char === "\\") {
        const escape = text[i + 1];
        if (escape === "u") {
          HEX4.lastIndex = i + 2;
          if (!HEX4.test(text)) {
            return fail("invalid \\u escape; expected four hex digits");
          }
          i += 6;
        } else if (escape !== undefined && ESCAPES.has(escape)) {
          i += 2;
        } else {
          return fail("invalid escape in a string");
        }
        continue;
      }
      if (char < " ") {
        return fail("unescaped control character in a string");
      }
      i += 1;
    }
  }
}

/** 1-based line and column of an offset (lines end at \n, \r\n or \r). */
export function lineAndColumn(
  text: string,
  offset: number,
): { line: number; column: number } {
  let line = 1;
  let start = 0;
  for (let i = 0; i < offset && i < text.length; i += 1) {
    const char = text[i];
    if (char === "\n" || (char === "\r" && text[i + 1] !== "\n")) {
      line += 1;
      start = i + 1;
    }
  }
  return { line, column: offset - start + 1 };
}
