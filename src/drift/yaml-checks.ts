import {
  isAlias,
  isMap,
  isScalar,
  isSeq,
  type Node,
  type Pair,
  type YAMLMap,
} from "yaml";

import { didYouMean } from "../manifest/index.js";

/**
 * Small checks over the nodes of a parsed YAML document, for the ignore file: they report
 * located problems through `Report` and never throw, so every problem is found at once.
 */

/** What a problem says: a message, and optionally what was found and what was expected. */
export interface IssueDetails {
  readonly message: string;
  readonly found?: string | undefined;
  readonly expected?: string | undefined;
  readonly suggestion?: string | undefined;
}

/** Records one problem at a node (or a source offset), as an error unless told otherwise. */
export type Report = (
  node: unknown,
  pointer: string,
  details: IssueDetails,
  severity?: "error" | "warning",
) => void;

/** The pairs of a mapping by key, reporting unknown keys, non-text keys and aliases. */
export function readMap(
  map: YAMLMap,
  pointer: string,
  allowed: readonly string[],
  report: Report,
): Map<string, Pair<Node, Node | null>> {
  const pairs = new Map<string, Pair<Node, Node | null>>();
  for (const pair of map.items as Pair<Node, Node | null>[]) {
    const key = pair.key;
    if (isAlias(pair.value) || isAlias(key)) {
      report(pair.value ?? key, pointer, {
        message: "aliases (*name) are not allowed in an ignore file",
        expected: "the value written out",
      });
      continue;
    }
    if (!isScalar(key) || typeof key.value !== "string") {
      report(key, pointer, {
        message: "a key must be text",
        found: describeNode(key),
        expected: `one of: ${allowed.join(", ")}`,
      });
      continue;
    }
    const name = key.value;
    if (!allowed.includes(name)) {
      report(key, `${pointer}/${escapePointer(name)}`, {
        message: `unknown key "${name}"`,
        expected: `one of: ${allowed.join(", ")}`,
        suggestion: didYouMean(name, allowed),
      });
      continue;
    }
    pairs.set(name, pair);
  }
  return pairs;
}

/** Reports a missing key, or a value other than `expected` (`apiVersion`, `kind`). */
export function expectConstant(
  keys: ReadonlyMap<string, Pair<Node, Node | null>>,
  key: string,
  expected: string,
  parent: Node,
  report: Report,
): void {
  const pair = keys.get(key);
  if (!pair) {
    report(parent, `/${key}`, {
      message: `missing key "${key}"`,
      expected: `${key}: ${expected}`,
    });
    return;
  }
  const value = pair.value;
  if (!isScalar(value) || value.value !== expected) {
    report(value ?? pair.key, `/${key}`, {
      message: `"${key}" must be ${expected}`,
      found: describeNode(value),
      expected: `${key}: ${expected}`,
    });
  }
}

/** Where a node starts in the source text, when it came from a parse. */
export function rangeStart(node: unknown): number | undefined {
  const range = (node as { range?: readonly number[] } | null | undefined)
    ?.range;
  return range?.[0];
}

/** What a node is, in words for a "found ..." line. */
export function describeNode(node: unknown): string {
  if (node === null || node === undefined) return "nothing";
  if (isMap(node)) return "a mapping";
  if (isSeq(node)) return "a list";
  if (isAlias(node)) return "an alias";
  if (isScalar(node)) {
    const value = node.value;
    if (value === null) return "null";
    if (typeof value === "string") {
      return value === "" ? "empty text" : JSON.stringify(value);
    }
    if (typeof value === "number" || typeof value === "boolean") {
      return `${typeof value} ${value}`;
    }
  }
  return "a value that is not text";
}

function escapePointer(key: string): string {
  return key.replace(/~/g, "~0").replace(/\//g, "~1");
}
