import { stripVTControlCharacters } from "node:util";

import stringWidth from "string-width";
import { describe, expect, it } from "vitest";

import { formatIssues, type ManifestIssue } from "../../src/manifest/index.js";
import { terminalSafeJson } from "../../src/util/escape.js";
import { errorsOf, load } from "./helpers.js";

const issue = (overrides: Partial<ManifestIssue> = {}): ManifestIssue => ({
  file: "orgsync/fields.yaml",
  line: 7,
  column: 7,
  document: 0,
  pointer: "/fields/1/optoins",
  message: 'unknown key "optoins" in item 2 of "fields"',
  severity: "error",
  expected: "one of: name, type, options, previousNames",
  suggestion: "options",
  sourceLine: "      optoins: [AU, EU]",
  length: 7,
  ...overrides,
});

describe("formatIssues", () => {
  it("prints file:line:col, the source line, a caret and did-you-mean", () => {
    expect(formatIssues([issue()], { color: false })).toMatchInlineSnapshot(`
      "orgsync/fields.yaml:7:7: error: unknown key "optoins" in item 2 of "fields"
        7 |       optoins: [AU, EU]
          |       ^~~~~~~
          = expected: one of: name, type, options, previousNames
          = did you mean "options"?
      "
    `);
  });

  it("prints a whole-file problem without a position", () => {
    const whole: ManifestIssue = {
      file: "orgsync/fields.yaml",
      line: 0,
      column: 0,
      document: 0,
      pointer: "",
      message: "file is too large",
      severity: "warning",
    };
    expect(formatIssues([whole], { color: false })).toBe(
      "orgsync/fields.yaml: warning: file is too large\n",
    );
  });

  it("colours only when asked", () => {
    const coloured = formatIssues([issue()], { color: true });
    expect(coloured).toContain("\u001b[31merror:\u001b[39m");
    expect(formatIssues([issue()], { color: false })).not.toContain("\u001b");
  });

  it("escapes terminal controls and bidi marks from the manifest, keeping the caret aligned", () => {
    const text = formatIssues(
      [
        issue({
          file: "evil\u001b]0;title\u0007.yaml",
          message: 'unknown key "\u001b[2Jx\u202e"',
          sourceLine: "\u001b[31m: \u202eoptoins: 1",
          column: 10,
          length: 7,
          suggestion: "\u009b31m",
        }),
      ],
      { color: false },
    );
    // Nothing but printable text and line breaks is left.
    expect(
      [...text].filter((char) => {
        const code = char.codePointAt(0)!;
        return (
          (code < 0x20 && char !== "\n") ||
          (code >= 0x7f && code <= 0x9f) ||
          char === "\u202e"
        );
      }),
    ).toEqual([]);
    const lines = text.split("\n");
    expect(lines[0]).toBe(
      'evil\\x1b]0;title\\x07.yaml:7:10: error: unknown key "\\x1b[2Jx\\u202e"',
    );
    expect(lines[1]).toBe("  7 | \\x1b[31m: \\u202eoptoins: 1");
    // The caret sits under "optoins", after the escapes' own width.
    expect(lines[2]).toBe(`    | ${" ".repeat(17)}^~~~~~~`);
  });

  it("puts the caret under the right column after wide CJK and emoji characters", () => {
    // 東 京 and 😀 take two columns each on a terminal (and 😀 two UTF-16 code units).
    const issues = errorsOf(
      load({
        "o.yaml":
          "{apiVersion: orgsync/v1, kind: Organization, name: 東京😀, nmae: x}\n",
      }),
    );
    const lines = formatIssues(issues, { color: true }).split("\n");
    const at = lines.findIndex((line) => line.includes("^~~~"));
    const shown = stripVTControlCharacters(lines[at - 1]!);
    const caret = stripVTControlCharacters(lines[at]!);
    expect(shown).toBe(
      "  1 | {apiVersion: orgsync/v1, kind: Organization, name: 東京😀, nmae: x}",
    );
    // Before "nmae": 53 narrow characters and 3 wide ones, 59 columns.
    expect(caret).toBe(`    | ${" ".repeat(59)}^~~~`);
    expect(caret.indexOf("^")).toBe(
      stringWidth(shown.slice(0, shown.indexOf("nmae"))),
    );
  });

  it("formats real loader output with every problem in reading order", () => {
    const issues = errorsOf(
      load({
        "o.yaml":
          "apiVersion: orgsync/v1\nkind: Organization\nnmae: Acme\nproducts: yes\n",
      }),
    );
    expect(formatIssues(issues, { color: false })).toMatchInlineSnapshot(`
      "o.yaml:1:1: error: missing key "name"
        1 | apiVersion: orgsync/v1
          | ^
          = expected: a "name" key
      o.yaml:3:1: error: unknown key "nmae"
        3 | nmae: Acme
          | ^~~~
          = expected: one of: apiVersion, kind, name, id, previousNames, ensure, details, products, pruneProducts, customers
          = did you mean "name"?
      o.yaml:4:11: error: "products" must be a list, found text "yes"
        4 | products: yes
          |           ^~~
          = expected: a list
      "
    `);
  });
});

describe("terminalSafeJson", () => {
  it("is the same JSON value with invisible and control characters escaped", () => {
    const value = { message: "a\u009b31m\u202eb\nc", list: [1] };
    const text = terminalSafeJson(value, 2);
    expect(text).not.toMatch(/[\u007f-\u009f\u202e]/);
    expect(JSON.parse(text)).toEqual(value);
  });
});
