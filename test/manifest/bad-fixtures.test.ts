import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

import { describe, expect, it } from "vitest";

import { loadManifests } from "../../src/manifest/index.js";

/**
 * test/fixtures/bad/: one broken or hostile manifest per file. Each file states what must be
 * reported, in order, with `# expect: LINE:COL message` (errors) and `# expect-warning:`
 * lines; the test asserts exactly those, each at its place, and nothing else.
 */
const root = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  "../..",
);
const folder = "test/fixtures/bad";
const cases = readdirSync(path.join(root, folder))
  .filter((name) => name.endsWith(".yaml"))
  .sort();

function expectations(text: string, marker: string): string[] {
  const prefix = `# ${marker}: `;
  return text
    .split("\n")
    .filter((line) => line.startsWith(prefix))
    .map((line) => line.slice(prefix.length));
}

describe("bad-input fixtures", () => {
  it("has a fixture set", () => {
    expect(cases.length).toBeGreaterThanOrEqual(15);
  });

  it.each(cases)("%s", async (name) => {
    const file = `${folder}/${name}`;
    const text = readFileSync(path.join(root, file), "latin1");
    const result = await loadManifests([file], {
      cwd: root,
      env: { ORGSYNC_VAR_FIXTURE_REGION: "EU" },
    });
    const errors = result.ok ? [] : result.issues;
    const show = (issues: typeof errors) =>
      issues.map((issue) => `${issue.line}:${issue.column} ${issue.message}`);
    expect(show(errors)).toEqual(expectations(text, "expect"));
    expect(show(result.warnings)).toEqual(expectations(text, "expect-warning"));
    const lines = text.split("\n");
    for (const issue of [...errors, ...result.warnings]) {
      expect(issue.file).toBe(file);
      if (issue.line > 0 && issue.sourceColumn === undefined) {
        // The line shown under the message is the line the issue names.
        // Invalid bytes are shown as U+FFFD (this test reads the file as latin1).
        expect(issue.sourceLine).toBe(
          name === "invalid-utf8.yaml"
            ? lines[issue.line - 1]!.replace(/[\u0080-\u00ff]/g, "\ufffd")
            : lines[issue.line - 1],
        );
      }
    }
    // Nothing a manifest says may reach Object.prototype.
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});
