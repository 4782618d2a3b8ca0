import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";

import { describe, expect, it } from "vitest";

import {
  checkSchema,
  compileSchema,
  packageValidator,
  schemaErrorText,
} from "../../src/util/check-schema.js";

/** Every .ts file under src, with its text. */
function sources(dir = "src"): { file: string; text: string }[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sources(path);
    return path.endsWith(".ts")
      ? [{ file: path, text: readFileSync(path, "utf8") }]
      : [];
  });
}

describe("one validator", () => {
  it("sets Ajv up in one file and escapes JSON pointers in one file", () => {
    const files = sources();
    const holding = (pattern: RegExp) =>
      files.filter(({ text }) => pattern.test(text)).map(({ file }) => file);
    expect(holding(/new Ajv\b/)).toEqual([join("src/util/check-schema.ts")]);
    expect(holding(/"~1"|\/~1\//)).toEqual([join("src/util/json-pointer.ts")]);
  });

  it("compiles a schema with an $id again without a clash, to the same validator", () => {
    const schema = {
      $id: "https://orgsync.dev/test/once.json",
      type: "object",
    };
    const first = compileSchema(schema);
    expect(compileSchema({ ...schema })).toBe(first);
    expect(packageValidator("plan.schema.json")).toBe(
      packageValidator("plan.schema.json"),
    );
  });

  it("says each problem once, in plain words, pointing at an unknown key itself", () => {
    const validate = compileSchema({
      type: "object",
      additionalProperties: false,
      required: ["on"],
      properties: {
        on: { const: true },
        "a/b": { type: "string" },
        kind: { enum: ["Alpha", "Beta"] },
      },
    });
    expect(
      checkSchema(validate, { on: false, "a/b": 1, kind: "Alpah", knd: 1 }),
    ).toEqual([
      expect.objectContaining({
        pointer: "/knd",
        atKey: true,
        message: 'unknown key "knd"',
        suggestion: "kind",
      }),
      expect.objectContaining({
        pointer: "/on",
        message: '"on" must be true, found false',
      }),
      expect.objectContaining({
        pointer: "/a~1b",
        message: '"a/b" must be text, found the number 1',
      }),
      expect.objectContaining({
        pointer: "/kind",
        message: '"kind" must be one of Alpha or Beta, found text "Alpah"',
        suggestion: "Alpha",
      }),
    ]);
    expect(checkSchema(validate, { on: true })).toEqual([]);
  });

  it("gives machine peers the short form", () => {
    const validate = compileSchema({
      type: "object",
      properties: { rate: { type: "number", maximum: 1 } },
    });
    validate({ rate: 2 });
    expect(validate.errors?.map(schemaErrorText)).toEqual([
      "/rate must be <= 1",
    ]);
  });
});
