import fc from "fast-check";
import { describe, expect, it } from "vitest";

import {
  findJsonError,
  findJsonPointer,
  lineAndColumn,
} from "../../src/plan/find-json-error.js";

const parses = (text: string): boolean => {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
};

describe("findJsonError", () => {
  it("agrees with JSON.parse on what is JSON, for any text", () => {
    const broken = fc
      .tuple(fc.json(), fc.nat(), fc.string({ maxLength: 3 }))
      .map(([json, at, insert]) => {
        const i = at % (json.length + 1);
        return json.slice(0, i) + insert + json.slice(i + 1);
      });
    fc.assert(
      fc.property(fc.oneof(fc.json(), broken, fc.string()), (text) => {
        expect(findJsonError(text) === undefined).toBe(parses(text));
      }),
      { numRuns: 2000 },
    );
  });

  it("says where the first error is", () => {
    const text = '{\n  "a": [1, 2,],\n}';
    const error = findJsonError(text);
    expect(error?.message).toBe(
      'unexpected character "]"; expected a JSON value',
    );
    expect(lineAndColumn(text, error!.offset)).toEqual({ line: 2, column: 14 });
    expect(findJsonError('{"a" 1}')?.message).toBe(
      'unexpected character "1"; expected ":"',
    );
    expect(findJsonError('"\\x"')?.message).toBe("invalid escape in a string");
    expect(findJsonError("[1] 2")?.message).toBe(
      "unexpected text after the end of the JSON value",
    );
    expect(findJsonError("")?.message).toBe(
      "unexpected end of the text; expected a JSON value",
    );
  });

  it("survives nesting deeper than any call stack", () => {
    expect(findJsonError("[".repeat(1_000_000))?.offset).toBe(1_000_000);
  });
});

describe("findJsonPointer", () => {
  it("finds where the value at a JSON pointer starts", () => {
    const text = '{\n  "a/b": [\n    {"x~y": 1},\n    {"c": true}\n  ]\n}';
    const at = (pointer: string) => {
      const offset = findJsonPointer(text, pointer);
      return offset === undefined ? undefined : lineAndColumn(text, offset);
    };
    expect(at("")).toEqual({ line: 1, column: 1 });
    expect(at("/a~1b")).toEqual({ line: 2, column: 10 });
    expect(at("/a~1b/0/x~0y")).toEqual({ line: 3, column: 13 });
    expect(at("/a~1b/1/c")).toEqual({ line: 4, column: 11 });
    expect(at("/a~1b/2")).toBeUndefined();
  });
});
