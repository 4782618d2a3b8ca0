import { expect } from "vitest";

import {
  loadManifestSources,
  type LoadResult,
  type ManifestIssue,
  type ManifestSource,
} from "../../src/manifest/index.js";
import type { Desired } from "../../src/model/index.js";

/** Loads in-memory files, `{ "name.yaml": text }`, in the order given. */
export function load(
  files: Readonly<Record<string, string>>,
  env: Readonly<Record<string, string>> = {},
): LoadResult {
  const sources: ManifestSource[] = Object.entries(files).map(
    ([file, content]) => ({ file, content }),
  );
  return loadManifestSources(sources, { env });
}

/** The errors of a result that must be invalid. */
export function errorsOf(result: LoadResult): readonly ManifestIssue[] {
  if (result.ok) {
    throw new Error("expected the manifests to be invalid, but they loaded");
  }
  return result.issues;
}

/** The Desired model of a result that must be valid. */
export function desiredOf(result: LoadResult): Desired {
  if (!result.ok) {
    throw new Error(
      `expected valid manifests, got: ${result.issues.map((issue) => `${issue.file}:${issue.line}:${issue.column} ${issue.message}`).join("; ")}`,
    );
  }
  return result.value;
}

/** Asserts exactly one error, at `line:column`, whose message contains `message`. */
export function expectOneError(
  result: LoadResult,
  where: `${number}:${number}`,
  message: string | RegExp,
): ManifestIssue {
  const errors = errorsOf(result);
  expect(
    errors.map((issue) => `${issue.line}:${issue.column} ${issue.message}`),
  ).toHaveLength(1);
  const [issue] = errors;
  expect(`${issue!.line}:${issue!.column}`).toBe(where);
  expect(issue!.message).toMatch(message);
  return issue!;
}

/** A DetailFields document with the usual test fields. */
export const FIELDS = `apiVersion: orgsync/v1
kind: DetailFields
fields:
  - name: Region
    type: SELECT
    options: [AU, EU, US]
  - name: Tier
    type: SELECT
    options: [Gold, Silver]
    previousNames: [Level]
  - name: Markets
    type: MULTISELECT
    options: [Retail, Banking]
  - name: Renewal date
    type: DATE
  - name: Zip
    type: TEXT
`;

/** An `Organization` document. */
export function organization(name: string, body = ""): string {
  return `apiVersion: orgsync/v1\nkind: Organization\nname: ${name}\n${body}`;
}
