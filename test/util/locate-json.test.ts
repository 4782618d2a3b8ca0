import { describe, expect, it } from "vitest";

import { JsonLocator } from "../../src/util/locate-json.js";

function syntaxError(text: string) {
  try {
    JSON.parse(text);
  } catch (error) {
    return new JsonLocator(text).syntaxError(error);
  }
  throw new Error("expected a syntax error");
}

describe("JsonLocator", () => {
  const text = '{\n  "a/b": [\n    1,\n    { "c": true }\n  ]\n}\n';

  it("finds the value or the key a JSON pointer names, or its nearest parent", () => {
    const locator = new JsonLocator(text);
    expect(locator.locate("")).toEqual({ line: 1, column: 1 });
    expect(locator.locate("/a~1b")).toEqual({ line: 2, column: 10 });
    expect(locator.locate("/a~1b/1/c")).toEqual({ line: 4, column: 12 });
    expect(locator.locate("/a~1b/1/c", true)).toEqual({ line: 4, column: 7 });
    expect(locator.locate("/a~1b/7")).toEqual({ line: 2, column: 10 });
  });

  it("places a syntax error where JSON.parse says, else where the yaml parser stops", () => {
    expect(syntaxError('{"a":1,}')).toEqual({
      message: "expected double-quoted property name",
      line: 1,
      column: 8,
    });
    // JSON.parse names no position for an unexpected token.
    expect(syntaxError('{\n  "a": [}\n')).toEqual({
      message: "unexpected token '}'",
      line: 2,
      column: 9,
    });
    expect(syntaxError('{\n  "a": 1')).toEqual({
      message: expect.stringMatching(/^expected ',' or '}'|end of JSON/),
      line: 2,
      column: 9,
    });
  });

  it("places an unexpected token by the text JSON.parse quotes around it", () => {
    // Valid YAML (a key without a value), so only V8's quote can place it.
    const long = `{\n  "${"a".repeat(30)}": 1,\n  "b" ,\n  "${"c".repeat(30)}": 2\n}`;
    expect(syntaxError(long)).toEqual({
      message: "unexpected token ','",
      line: 3,
      column: 7,
    });
    expect(syntaxError(`${long.slice(0, -20)}`)).toMatchObject({
      line: 3,
      column: 7,
    });
    expect(syntaxError("[1,]")).toEqual({
      message: "unexpected token ']'",
      line: 1,
      column: 4,
    });
  });

  it("locates a text nested far too deep without overflowing the parser", () => {
    const deep = "[".repeat(100_000);
    expect(syntaxError(deep)).toEqual({
      message: "unexpected end of JSON input",
      line: 1,
      column: 100_001,
    });
    expect(new JsonLocator(`${deep}${"]".repeat(100_000)}`).locate("/0")).toBe(
      undefined,
    );
  });
});
