import { describe, expect, it } from "vitest";

import { LIMITS, parseManifest } from "../../src/manifest/index.js";

const only = (text: string, env: Record<string, string> = {}) => {
  const result = parseManifest(text, "m.yaml", { env });
  return result;
};

describe("parseManifest", () => {
  it("reads every document of a file as plain data with null-prototype mappings", () => {
    const result = only("a: 1\n---\nb: [x, y]\n");
    expect(result.issues).toEqual([]);
    expect(result.documents.map((doc) => doc.index)).toEqual([0, 1]);
    const second = result.documents[1]!.value as Record<string, unknown>;
    expect(Object.getPrototypeOf(second)).toBeNull();
    expect(second.b).toEqual(["x", "y"]);
  });

  it("locates any part of a document by JSON pointer, keys and values apart", () => {
    const doc = only("top:\n  list:\n    - first\n    - 'a/b': 2\n")
      .documents[0]!;
    expect(doc.locate("/top/list/1/a~1b")).toMatchObject({
      line: 4,
      column: 14,
    });
    expect(doc.locate("/top/list/1/a~1b", { key: true })).toMatchObject({
      line: 4,
      column: 7,
    });
    expect(doc.locate("/top/list/0")).toMatchObject({ line: 3, column: 7 });
    // A pointer that goes nowhere is located at its nearest existing parent.
    expect(doc.locate("/top/nothing/here")).toMatchObject({
      line: 2,
      column: 3,
    });
  });

  it("keeps the source text of scalars YAML would type, such as leading zeros", () => {
    const doc = only("zip: 01234\nbig: 123456789012345678901\nflag: true\n")
      .documents[0]!;
    const value = doc.value as Record<string, unknown>;
    expect(value.zip).toBe(1234);
    expect(doc.writtenText(value, "zip")).toBe("01234");
    expect(doc.writtenText(value, "big")).toBe("123456789012345678901");
    expect(doc.writtenText(value, "flag")).toBe("true");
  });

  it("reports a YAML syntax error with its place", () => {
    const result = only("a: 'unclosed\nb: 2\n");
    expect(result.documents).toEqual([]);
    expect(result.issues[0]).toMatchObject({
      line: 3,
      severity: "error",
      message: expect.stringMatching(/^invalid YAML: missing closing 'quote/i),
    });
  });

  it("refuses tab indentation, pointing at the tab", () => {
    const [issue] = only("a:\n\tb: 1\n").issues;
    expect(issue).toMatchObject({
      line: 2,
      column: 1,
      message: "tab used for indentation",
      sourceLine: "\tb: 1",
    });
  });

  it("reports a duplicate key at its second occurrence, citing the first", () => {
    const [issue, ...rest] = only("name: a\nother: 1\nname: b\n").issues;
    expect(rest).toEqual([]);
    expect(issue).toMatchObject({
      line: 3,
      column: 1,
      pointer: "/name",
      message: 'duplicate key "name" (first at line 1)',
    });
  });

  it("reads keys as text and refuses collection keys", () => {
    const doc = only("1: one\n01: zero-one\ntrue: yes\n").documents[0]!;
    expect(Object.keys(doc.value as object)).toEqual(["1", "01", "true"]);
    const [issue] = only("? [a, b]\n: x\n").issues;
    expect(issue).toMatchObject({
      line: 1,
      message: "a mapping key must be text",
    });
  });

  it("shares aliases, locating an error in aliased data at the alias", () => {
    const doc = only("a: &x {k: v}\nb: *x\n").documents[0]!;
    const value = doc.value as { a: unknown; b: unknown };
    expect(value.b).toBe(value.a);
    expect(doc.locate("/b")).toMatchObject({ line: 2, column: 4 });
  });

  it("refuses an alias bomb quickly instead of expanding it", () => {
    const levels = ["a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]"];
    for (let level = 1; level < 10; level++) {
      const name = String.fromCharCode(97 + level);
      const previous = String.fromCharCode(96 + level);
      levels.push(
        `${name}: &${name} [${Array(9).fill(`*${previous}`).join(", ")}]`,
      );
    }
    const started = performance.now();
    const result = only(`${levels.join("\n")}\n`);
    expect(performance.now() - started).toBeLessThan(2000);
    expect(result.documents).toEqual([]);
    expect(result.issues).toHaveLength(1);
    expect(result.issues[0]).toMatchObject({
      // 9^7 values pass the cap at the first alias of level g.
      line: 7,
      column: 8,
      pointer: "/g/0",
      message: expect.stringContaining("alias bomb"),
    });
  });

  it("refuses an alias to a collection that contains it, and one with no anchor", () => {
    expect(only("a: &x [1, *x]\n").issues[0]).toMatchObject({
      line: 1,
      column: 11,
      message: "alias *x refers to a collection that contains it",
    });
    expect(only("a: *nope\n").issues[0]).toMatchObject({
      line: 1,
      column: 4,
      message: "alias *nope has no anchor &nope before it",
    });
  });

  it("refuses nesting deeper than the limit before the YAML parser recurses into it", () => {
    for (const text of [
      `${"[".repeat(5000)}${"]".repeat(5000)}`,
      `${"- ".repeat(5000)}x`,
    ]) {
      const result = only(text);
      expect(result.issues).toHaveLength(1);
      expect(result.issues[0]!.message).toBe(
        `YAML nested more than ${LIMITS.maxDepth} levels deep`,
      );
    }
    // Aliases cannot be used to build the depth back up.
    const chain = ["a0: &a0 [x]"];
    for (let i = 1; i <= 40; i++) {
      chain.push(`a${i}: &a${i} [[*a${i - 1}]]`);
    }
    expect(only(chain.join("\n")).issues[0]!.message).toMatch(
      /aliases nest collections more than 64 levels deep/,
    );
  });

  it("refuses a file with more YAML items than the parser is allowed to take", () => {
    const text = `[${"1,".repeat(LIMITS.maxStructureMarks)}1]`;
    const result = only(text);
    expect(result.issues).toHaveLength(1);
    expect(result.issues[0]!.message).toMatch(/more than 1,000,000 YAML items/);
    expect(result.issues[0]!.line).toBe(1);
  });

  it("refuses more documents than the limit", () => {
    const result = only("---\na: 1\n".repeat(LIMITS.maxDocuments + 1));
    expect(result.documents).toEqual([]);
    expect(result.issues[0]).toMatchObject({
      line: LIMITS.maxDocuments * 2 + 1,
      message: expect.stringContaining("more than 10,000 YAML documents"),
    });
  });

  it("warns about an empty file and about empty documents", () => {
    expect(only("# only a comment\n").warnings[0]).toMatchObject({
      line: 0,
      severity: "warning",
      message: "file is empty (no YAML documents)",
    });
    const result = only("a: 1\n---\n---\n~\n");
    expect(result.issues).toEqual([]);
    expect(result.documents).toHaveLength(1);
    expect(result.warnings.map((warning) => warning.message)).toEqual([
      "empty YAML document",
      "empty YAML document",
    ]);
  });

  it("reads unknown tags as text, with a warning", () => {
    const result = only("a: !!binary aGVsbG8=\nb: !custom x\n");
    expect(result.issues).toEqual([]);
    expect(result.documents[0]!.value).toEqual(
      Object.assign(Object.create(null), { a: "aGVsbG8=", b: "x" }),
    );
    expect(result.warnings).toHaveLength(2);
    expect(result.warnings[0]!.message).toMatch(
      /unresolved tag.*read as text/i,
    );
  });

  it("ignores a byte-order mark", () => {
    const doc = only("\uFEFFa: 1\n").documents[0]!;
    expect(doc.locate("/a")).toMatchObject({ line: 1, column: 4 });
  });

  it("interpolates values and keys alike, and points at the bad reference", () => {
    const result = only(
      'k${ORGSYNC_VAR_X}: "${ORGSYNC_VAR_X} and ${ORGSYNC_VAR_MISSING}"\n',
      { ORGSYNC_VAR_X: "ok" },
    );
    expect(result.issues).toHaveLength(1);
    expect(result.issues[0]).toMatchObject({
      line: 1,
      column: 42,
      pointer: "/kok",
      message: "environment variable ORGSYNC_VAR_MISSING is not set",
      found: "${ORGSYNC_VAR_MISSING}",
    });
    const fine = only(
      'k${ORGSYNC_VAR_X}: "${ORGSYNC_VAR_X} and $${MISSING}"\n',
      { ORGSYNC_VAR_X: "ok" },
    );
    expect(fine.documents[0]!.value).toEqual(
      Object.assign(Object.create(null), { kok: "ok and ${MISSING}" }),
    );
  });

  it("cannot be made to read YAML structure out of a variable", () => {
    const doc = only("name: ${ORGSYNC_VAR_EVIL}\n", {
      ORGSYNC_VAR_EVIL: "x\nkind: Organizations\n[a",
    }).documents[0]!;
    expect(doc.value).toEqual(
      Object.assign(Object.create(null), {
        name: "x\nkind: Organizations\n[a",
      }),
    );
  });

  it("shows a long source line as a window around the spot", () => {
    const text = `a: [${"x, ".repeat(400)}*missing]\n`;
    const [issue] = only(text).issues;
    expect(issue!.sourceLine!.length).toBeLessThanOrEqual(202);
    expect(issue!.sourceLine!.startsWith("…")).toBe(true);
    const at = issue!.sourceColumn! - 1;
    expect(issue!.sourceLine!.slice(at, at + 8)).toBe("*missing");
  });
});
