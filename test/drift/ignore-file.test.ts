import { readFileSync } from "node:fs";

import { describe, expect, it } from "vitest";

import {
  isIsoDate,
  parseIgnoreFile,
  type IgnoreEntry,
} from "../../src/drift/ignore-file.js";
import { formatIssues } from "../../src/manifest/index.js";

const FILE = ".orgsync-ignore.yaml";

function issuesOf(text: string) {
  const result = parseIgnoreFile(text, FILE);
  if (result.ok) throw new Error("expected issues");
  return result.issues.map((issue) =>
    [
      `${issue.line}:${issue.column} ${issue.pointer} ${issue.message}`,
      issue.found === undefined ? "" : ` (found ${issue.found})`,
      issue.expected === undefined ? "" : ` (expected ${issue.expected})`,
      issue.suggestion === undefined
        ? ""
        : ` (did you mean ${issue.suggestion}?)`,
    ].join(""),
  );
}

describe("parseIgnoreFile", () => {
  it("reads entries with where each was written", () => {
    const result = parseIgnoreFile(
      [
        "apiVersion: orgsync/v1",
        "kind: DriftIgnore",
        "ignore:",
        '  - address: organization["Acme Corp"].detail["Region"]',
        "    reason: moved to APAC during renegotiation",
        "    expires: 2026-09-30",
        "    by: jane@example.com",
        '  - address: field["Legacy*"]',
        "    reason: owned by the billing team",
        '    expires: "2027-01-01"',
        "",
      ].join("\n"),
      FILE,
    );
    expect(result).toEqual({
      ok: true,
      warnings: [],
      value: {
        file: FILE,
        entries: [
          {
            address: 'organization["Acme Corp"].detail["Region"]',
            reason: "moved to APAC during renegotiation",
            expires: "2026-09-30",
            by: "jane@example.com",
            source: { file: FILE, line: 4, column: 5 },
          },
          {
            address: 'field["Legacy*"]',
            reason: "owned by the billing team",
            expires: "2027-01-01",
            source: { file: FILE, line: 8, column: 5 },
          },
        ],
      },
    });
  });

  it("accepts an empty list, and warns about an empty file", () => {
    const empty = parseIgnoreFile(
      "apiVersion: orgsync/v1\nkind: DriftIgnore\nignore: []\n",
      FILE,
    );
    expect(empty).toMatchObject({
      ok: true,
      value: { entries: [] },
      warnings: [],
    });
    const blank = parseIgnoreFile("# nothing yet\n", FILE);
    expect(blank).toMatchObject({ ok: true, value: { entries: [] } });
    expect(blank.ok && blank.warnings[0]?.message).toMatch(/empty/);
  });

  it("requires a reason and a real expiry date on every entry, all problems at once", () => {
    expect(
      issuesOf(
        [
          "apiVersion: orgsync/v1",
          "kind: DriftIgnore",
          "ignore:",
          '  - address: field["Region"]',
          "    expires: 2026-02-30",
          '  - address: field["Tier"]',
          '    reason: ""',
          "    expires: next week",
          "  - reason: why",
          "    expires: 2026-01-01",
          "    expiry: 2026-01-01",
        ].join("\n"),
      ),
    ).toEqual([
      '4:5 /ignore/0 missing key "reason" in item 1 of "ignore" (expected a "reason" key)',
      '5:14 /ignore/0/expires "expires" is not a real date (found "2026-02-30") (expected the last day the entry applies, YYYY-MM-DD, e.g. 2026-12-31)',
      '7:13 /ignore/1/reason "reason" must not be blank (found text "") (expected text with at least one visible character)',
      '8:14 /ignore/1/expires "expires" is not a real date (found "next week") (expected the last day the entry applies, YYYY-MM-DD, e.g. 2026-12-31)',
      '9:5 /ignore/2 missing key "address" in item 3 of "ignore" (expected a "address" key)',
      '11:5 /ignore/2/expiry unknown key "expiry" in item 3 of "ignore" (found "expiry") (expected one of: address, reason, expires, by) (did you mean expires?)',
    ]);
  });

  it("checks apiVersion and kind, and says what was expected", () => {
    expect(
      issuesOf("apiVersion: v2\nkind: Organization\nignore: []\n"),
    ).toEqual([
      '1:13 /apiVersion "apiVersion" must be "orgsync/v1", found text "v2" (found text "v2") (expected "orgsync/v1")',
      '2:7 /kind "kind" must be "DriftIgnore", found text "Organization" (found text "Organization") (expected "DriftIgnore")',
    ]);
    expect(issuesOf("- just a list\n")[0]).toMatch(
      /^1:1 {2}an ignore file is a mapping \(found a list\)/,
    );
    expect(
      issuesOf("apiVersion: orgsync/v1\nkind: DriftIgnore\nignore: {}\n")[0],
    ).toMatch(/\/ignore "ignore" must be a list or null, found a mapping/);
  });

  it("locates YAML syntax errors and refuses duplicate keys and aliases", () => {
    expect(issuesOf("ignore: [\n")[0]).toMatch(/^\d+:\d+ {2}invalid YAML/);
    expect(issuesOf("kind: DriftIgnore\nkind: DriftIgnore\n")[0]).toMatch(
      /duplicate key "kind"/,
    );
    const aliased = [
      "apiVersion: orgsync/v1",
      "kind: DriftIgnore",
      "ignore:",
      '  - address: &a field["x"]',
      "    reason: r",
      "    expires: 2026-01-01",
      "  - address: *a",
      "    reason: r",
      "    expires: 2026-01-01",
    ].join("\n");
    expect(issuesOf(aliased).join("\n")).toMatch(
      /aliases \(\*name\) are not allowed/,
    );
  });

  it("treats __proto__ as an unknown key, never as a prototype", () => {
    const issues = issuesOf(
      "apiVersion: orgsync/v1\nkind: DriftIgnore\nignore: []\n__proto__: { polluted: true }\n",
    );
    expect(issues[0]).toMatch(/unknown key "__proto__"/);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});

describe("the ignore file schema", () => {
  it("is schema/drift-ignore.schema.json, and lists the keys an entry has", () => {
    const schema = JSON.parse(
      readFileSync("schema/drift-ignore.schema.json", "utf8"),
    ) as {
      properties: Record<string, unknown>;
      definitions: { Entry: { properties: Record<string, unknown> } };
    };
    expect(Object.keys(schema.properties)).toEqual([
      "apiVersion",
      "kind",
      "ignore",
    ]);
    const entry: Record<keyof Omit<IgnoreEntry, "source">, true> = {
      address: true,
      reason: true,
      expires: true,
      by: true,
    };
    expect(Object.keys(schema.definitions.Entry.properties)).toEqual(
      Object.keys(entry),
    );
  });

  it("keeps ${NAME} as written: an ignore file is not interpolated", () => {
    const result = parseIgnoreFile(
      'apiVersion: orgsync/v1\nkind: DriftIgnore\nignore:\n  - address: field["x"]\n    reason: see ${TICKET}\n    expires: 2026-01-01\n',
      FILE,
    );
    expect(result.ok && result.value.entries[0]?.reason).toBe("see ${TICKET}");
  });
});

describe("isIsoDate", () => {
  it("accepts real dates only", () => {
    expect(isIsoDate("2028-02-29")).toBe(true);
    expect(isIsoDate("2027-02-29")).toBe(false);
    expect(isIsoDate("2027-1-01")).toBe(false);
    expect(isIsoDate("2027-01-01T00:00:00Z")).toBe(false);
  });
});

describe("ignore file issues", () => {
  it("print like manifest issues, with the source line and a caret", () => {
    const result = parseIgnoreFile(
      'apiVersion: orgsync/v1\nkind: DriftIgnore\nignore:\n  - address: field["Region"]\n    reason: r\n    expires: 2026-13-01\n',
      FILE,
    );
    expect(result.ok).toBe(false);
    const text = formatIssues(result.ok ? [] : result.issues, { color: false });
    expect(text).toContain(
      '.orgsync-ignore.yaml:6:14: error: "expires" is not a real date',
    );
    expect(text).toContain("6 |     expires: 2026-13-01");
    expect(text).toMatch(/\| {14}\^/);
  });
});
