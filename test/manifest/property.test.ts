import { readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

import fc from "fast-check";
import { describe, expect, it } from "vitest";

import {
  loadManifestSources,
  type LoadResult,
  type ManifestSource,
} from "../../src/manifest/index.js";

/**
 * Whatever the input, the loader ends in one of two ways: a valid model, or located issues.
 * It never throws, never hangs, and never writes to Object.prototype.
 */
const root = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  "../..",
);
const EXAMPLES = [
  "examples/orgsync/fields.yaml",
  "examples/orgsync/organizations/key-accounts.yaml",
  "examples/orgsync/organizations/partners.yaml",
  "examples/orgsync/organizations/apac.yaml",
].map((file) => ({ file, text: readFileSync(path.join(root, file), "utf8") }));

function checkOutcome(result: LoadResult, files: readonly string[]): void {
  if (result.ok) {
    for (const field of result.value.fields.items) {
      expect(field.name).toBe(field.name.trim());
      expect(files).toContain(field.source.file);
    }
    for (const organization of result.value.organizations) {
      expect(organization.name.trim()).not.toBe("");
      expect(files).toContain(organization.source.file);
      for (const detail of organization.details) {
        expect(detail.values.every((value) => typeof value === "string")).toBe(
          true,
        );
      }
    }
  } else {
    expect(result.issues.length).toBeGreaterThan(0);
  }
  for (const issue of [
    ...(result.ok ? [] : result.issues),
    ...result.warnings,
  ]) {
    expect(files).toContain(issue.file);
    expect(Number.isInteger(issue.line) && issue.line >= 0).toBe(true);
    expect(issue.line === 0 ? issue.column === 0 : issue.column >= 1).toBe(
      true,
    );
    expect(issue.message.length).toBeGreaterThan(0);
    expect(issue.pointer === "" || issue.pointer.startsWith("/")).toBe(true);
  }
  expect(({} as Record<string, unknown>).polluted).toBeUndefined();
}

function run(sources: ManifestSource[]): void {
  const result = loadManifestSources(sources, { env: { X: "x" } });
  checkOutcome(
    result,
    sources.map((source) => source.file),
  );
}

/** Pieces of YAML and of manifests, so random text often gets past the parser. */
const PIECES = [
  "apiVersion: orgsync/v1\n",
  "kind: Organization\n",
  "kind: Organizations\n",
  "kind: DetailFields\n",
  "name: Acme\n",
  "organizations:\n",
  "fields:\n",
  "details:\n",
  "defaults:\n",
  "  - name: x\n",
  "    type: SELECT\n",
  "    options: [a, b]\n",
  "  Region: EU\n",
  "__proto__: { polluted: true }\n",
  "constructor:\n",
  "- ",
  "  ",
  "\t",
  "\n",
  ": ",
  "[",
  "]",
  "{",
  "}",
  ",",
  "&a ",
  "*a",
  "!!binary ",
  "? ",
  "---\n",
  "...\n",
  "'",
  '"',
  "#",
  "${X}",
  "${Y}",
  "$${",
  "null",
  "~",
  "01234",
  "true",
  "\u202e",
  "\u0000",
  "\ufeff",
];

describe("loader robustness (property tests)", () => {
  it("random bytes give a model or located issues", () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 400 }), (bytes) => {
        run([{ file: "random.yaml", content: bytes }]);
      }),
      { numRuns: 300 },
    );
  });

  it("random YAML-ish text gives a model or located issues", () => {
    fc.assert(
      fc.property(
        fc.array(fc.constantFrom(...PIECES), { maxLength: 60 }),
        (pieces) => {
          run([{ file: "pieces.yaml", content: pieces.join("") }]);
        },
      ),
      { numRuns: 400 },
    );
  });

  it("mutated example manifests give a model or located issues", () => {
    const mutation = fc.oneof(
      fc.record({
        kind: fc.constant("delete" as const),
        at: fc.nat(),
        length: fc.integer({ min: 1, max: 30 }),
      }),
      fc.record({
        kind: fc.constant("insert" as const),
        at: fc.nat(),
        text: fc.oneof(fc.constantFrom(...PIECES), fc.string({ maxLength: 5 })),
      }),
      fc.record({
        kind: fc.constant("swap-lines" as const),
        at: fc.nat(),
        other: fc.nat(),
      }),
      fc.record({
        kind: fc.constant("repeat-line" as const),
        at: fc.nat(),
      }),
    );
    type Mutation = typeof mutation extends fc.Arbitrary<infer T> ? T : never;
    const apply = (text: string, change: Mutation): string => {
      const at = change.at % (text.length + 1);
      const lines = text.split("\n");
      switch (change.kind) {
        case "delete":
          return text.slice(0, at) + text.slice(at + change.length);
        case "insert":
          return text.slice(0, at) + change.text + text.slice(at);
        case "swap-lines": {
          const a = change.at % lines.length;
          const b = change.other % lines.length;
          [lines[a], lines[b]] = [lines[b]!, lines[a]!];
          return lines.join("\n");
        }
        case "repeat-line": {
          const a = change.at % lines.length;
          lines.splice(a, 0, lines[a]!);
          return lines.join("\n");
        }
      }
    };
    fc.assert(
      fc.property(
        fc.array(
          fc.record({
            file: fc.nat({ max: EXAMPLES.length - 1 }),
            change: mutation,
          }),
          { minLength: 1, maxLength: 4 },
        ),
        (changes) => {
          const texts = EXAMPLES.map((example) => example.text);
          for (const { file, change } of changes) {
            texts[file] = apply(texts[file]!, change);
          }
          run(
            EXAMPLES.map((example, index) => ({
              file: example.file,
              content: texts[index]!,
            })),
          );
        },
      ),
      { numRuns: 300 },
    );
  });
});
