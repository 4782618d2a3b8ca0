/**
 * The one walk from a composed YAML node to plain data, with interpolation, duplicate keys
 * and alias limits. Over 300 lines on purpose: it is one recursive walk on the loader's hot
 * path, whose node cases share the walk state (path, alias budget, issues); splitting it
 * would add calls and state passing to every node.
 */
import {
  isAlias,
  isMap,
  isScalar,
  isSeq,
  type Alias,
  type Node as YamlNode,
  type Pair,
  type Scalar,
} from "yaml";

import { childPointer } from "../util/json-pointer.js";
import type { SecretText } from "../util/secret-text.js";
import { interpolate, type ManifestEnv } from "./interpolate.js";
import { LIMITS } from "./limits.js";
import type { ManifestIssue } from "./manifest-issue.js";
import type { IssueDetails, SourceText } from "./source-text.js";

/**
 * A document's contents as plain data, and where each part was written. Positions are kept
 * as offsets, not YAML nodes, so the (much larger) YAML tree can be freed once converted.
 */
export interface PlainDocument {
  readonly value: unknown;
  /**
   * For each plain mapping, its keys' slots; for each plain list, the slot of its first
   * item (item i is at that slot + i). A slot indexes `spans`.
   */
  readonly slots: ReadonlyMap<object, ReadonlyMap<string, number> | number>;
  /** Four offsets per slot: key start, key end, value start, value end. */
  readonly spans: readonly number[];
  /** Start and end of the document's contents. */
  readonly rootSpan: readonly [number, number];
}

interface Anchored {
  readonly value: unknown;
  /** Nodes in the value once aliases are expanded. */
  readonly size: number;
  /** Nesting depth once aliases are expanded. */
  readonly depth: number;
}

/** A path built only when a problem needs its pointer. */
interface Path {
  readonly parent: Path | undefined;
  readonly segment: string | number;
}

function pointerOf(path: Path | undefined): string {
  const segments: (string | number)[] = [];
  for (let link = path; link; link = link.parent) segments.push(link.segment);
  return segments.reduceRight<string>(
    (pointer, segment) => childPointer(pointer, segment),
    "",
  );
}

/** The path of entry `segment` of `parent` (the document itself when there is no segment). */
function link(
  parent: Path | undefined,
  segment: string | number | undefined,
): Path | undefined {
  return segment === undefined ? parent : { parent, segment };
}

/** Raised inside the walk to stop it; turned into an issue by `yamlToValue`. */
class StopWalk extends Error {}

/**
 * The text of a mapping key: keys are text (yaml's `stringKeys` reads `1:` as "1"); an alias
 * used as a key stands for its anchored text. Undefined for anything else.
 */
function keyText(
  key: unknown,
  anchors: ReadonlyMap<string, YamlNode>,
): string | undefined {
  const node = isAlias(key) ? anchors.get(key.source) : key;
  return isScalar(node) && typeof node.value === "string"
    ? node.value
    : undefined;
}

/** A node's [start, end) offsets, when it has them. */
function rangeOf(node: unknown): readonly [number, number] | undefined {
  if (node && typeof node === "object" && "range" in node) {
    const range = (node as { range?: unknown }).range;
    if (Array.isArray(range) && typeof range[0] === "number") {
      return [range[0], typeof range[1] === "number" ? range[1] : range[0] + 1];
    }
  }
  return undefined;
}

/**
 * Turns a composed YAML document into plain data for the schema and the rules. Mappings
 * become null-prototype objects (a key such as `__proto__` is just a key), string scalars are
 * interpolated from `env` (when given), duplicate keys are reported, and aliases are shared, not copied,
 * with their expanded size and depth capped so an alias bomb is refused instead of expanded.
 * Problems are pushed to `issues`; undefined when the document could not be converted.
 */
export function yamlToValue(
  root: YamlNode,
  context: {
    readonly source: SourceText;
    readonly document: number;
    readonly env: ManifestEnv | undefined;
    /** Tokens orgsync holds: an interpolated value holding one is refused. */
    readonly secrets?: SecretText | undefined;
    /** Whether aliases are read (expanded, within limits) or refused. @default true */
    readonly aliases?: boolean;
    readonly issues: ManifestIssue[];
    /**
     * Receives the issues that are interpolation problems (an unset variable…): the rest of
     * the document can still be checked, except at those places.
     */
    readonly interpolationIssues?: Set<ManifestIssue>;
  },
): PlainDocument | undefined {
  const { source, document, env, secrets, issues } = context;
  const anchors = new Map<string, YamlNode>();
  const anchored = new Map<YamlNode, Anchored>();
  const inProgress = new Set<YamlNode>();
  const slots = new Map<object, ReadonlyMap<string, number> | number>();
  const spans: number[] = [];
  let expansion = 0;
  // The size and depth of the value `convert` returned last: kept out of the return value so
  // that converting hundreds of thousands of scalars allocates nothing for them.
  let lastSize = 0;
  let lastDepth = 0;

  const report = (
    node: unknown,
    path: Path | undefined,
    details: IssueDetails,
    offset?: number,
  ): void => {
    const range = rangeOf(node);
    issues.push(
      source.issue(
        {
          document,
          pointer: pointerOf(path),
          start: offset ?? range?.[0],
          end: offset === undefined ? range?.[1] : undefined,
        },
        details,
      ),
    );
  };

  const pushSpan = (key: unknown, value: unknown): void => {
    const keyRange = rangeOf(key) ?? rangeOf(value) ?? [0, 1];
    const valueRange = rangeOf(value) ?? keyRange;
    spans.push(keyRange[0], keyRange[1], valueRange[0], valueRange[1]);
  };

  // A scalar's path is built only if it has a problem: most never need one.
  const convert = (
    node: unknown,
    parent: Path | undefined,
    segment: string | number | undefined,
  ): unknown => {
    lastSize = 1;
    lastDepth = 0;
    if (node === null || node === undefined) return null;
    if (isAlias(node)) return convertAlias(node, link(parent, segment));
    const yamlNode = node as YamlNode;
    if (yamlNode.anchor) anchors.set(yamlNode.anchor, yamlNode);
    let value: unknown = null;
    if (isScalar(node)) {
      value = convertScalar(node, parent, segment);
    } else {
      inProgress.add(yamlNode);
      const path = link(parent, segment);
      if (isMap(node)) value = convertMap(node.items, path);
      else if (isSeq(node)) value = convertSeq(node.items, path);
      inProgress.delete(yamlNode);
    }
    if (yamlNode.anchor) {
      anchored.set(yamlNode, { value, size: lastSize, depth: lastDepth });
    }
    return value;
  };

  const convertAlias = (node: Alias, path: Path | undefined): unknown => {
    const target = anchors.get(node.source);
    if (context.aliases === false) {
      report(node, path, {
        message: "aliases (*name) are not allowed in this file",
        expected: "the value written out",
      });
      return null;
    }
    if (!target) {
      report(node, path, {
        message: `alias *${node.source} has no anchor &${node.source} before it`,
        expected: `an anchor &${node.source} earlier in the same document`,
      });
      return null;
    }
    const done = anchored.get(target);
    if (!done || inProgress.has(target)) {
      report(node, path, {
        message: `alias *${node.source} refers to a collection that contains it`,
        expected: "an alias outside the anchored collection",
      });
      throw new StopWalk();
    }
    expansion += done.size;
    if (expansion > LIMITS.maxAliasExpansion) {
      report(node, path, {
        message: `aliases expand this document to more than ${LIMITS.maxAliasExpansion.toLocaleString("en-US")} values (an alias bomb?)`,
        expected: "fewer or smaller aliases",
      });
      throw new StopWalk();
    }
    lastSize = done.size;
    lastDepth = done.depth;
    return done.value;
  };

  const finishCollection = (
    size: number,
    depth: number,
    at: unknown,
    path: Path | undefined,
  ): void => {
    if (depth + 1 > LIMITS.maxDepth) {
      report(at, path, {
        message: `aliases nest collections more than ${LIMITS.maxDepth} levels deep`,
        expected: `at most ${LIMITS.maxDepth} levels`,
      });
      throw new StopWalk();
    }
    lastSize = size;
    lastDepth = depth + 1;
  };

  /** `${VAR}` references in a string scalar (a value or a key) replaced, problems reported. */
  const interpolateNode = (
    node: unknown,
    value: string,
    parent: Path | undefined,
    segment: string | number | undefined,
  ): string => {
    if (env === undefined || !value.includes("${")) return value;
    // Past the problems that will be listed, a suggestion is never seen.
    const { value: text, problems } = interpolate(value, env, {
      ...(secrets === undefined ? {} : { secrets }),
      suggest: issues.length < LIMITS.maxReportedIssues,
    });
    const range = rangeOf(node);
    const written = range ? source.text.slice(range[0], range[1]) : "";
    for (const problem of problems) {
      // Point at the reference itself when it can be found in the source as written.
      const at = written.indexOf(problem.reference);
      const count = issues.length;
      report(
        node,
        link(parent, segment),
        {
          message: problem.message,
          found: problem.reference,
          expected: problem.expected,
          suggestion: problem.suggestion,
        },
        range && at >= 0 ? range[0] + at : undefined,
      );
      for (const issue of issues.slice(count))
        context.interpolationIssues?.add(issue);
    }
    return text;
  };

  const convertMap = (pairs: readonly Pair[], path: Path | undefined) => {
    const object = Object.create(null) as Record<string, unknown>;
    const keys = new Map<string, number>();
    let size = 1;
    let depth = 0;
    for (const pair of pairs) {
      const written = keyText(pair.key, anchors);
      // Keys are strings too ("anywhere in a string", DESIGN.md): a detail key may be ${FIELD}.
      const key =
        written === undefined
          ? undefined
          : interpolateNode(pair.key, written, path, written);
      if (key === undefined) {
        report(pair.key, path, {
          message: "a mapping key must be text",
          found: isScalar(pair.key) ? String(pair.key.value) : "a collection",
          expected: "a plain or quoted text key",
        });
        continue;
      }
      const first = keys.get(key);
      if (first !== undefined) {
        const firstLine = source.position(spans[first * 4]!).line;
        report(
          pair.key,
          { parent: path, segment: key },
          {
            message: `duplicate key "${key}" (first at line ${firstLine})`,
            expected: "each key once per mapping",
          },
        );
        continue;
      }
      keys.set(key, spans.length / 4);
      pushSpan(pair.key, pair.value);
      object[key] = convert(pair.value, path, key);
      size += lastSize;
      if (lastDepth > depth) depth = lastDepth;
    }
    slots.set(object, keys);
    finishCollection(size, depth, pairs[0]?.key, path);
    return object;
  };

  const convertSeq = (items: readonly unknown[], path: Path | undefined) => {
    const array: unknown[] = [];
    const base = spans.length / 4;
    for (const item of items) pushSpan(item, item);
    let size = 1;
    let depth = 0;
    for (let index = 0; index < items.length; index++) {
      array.push(convert(items[index], path, index));
      size += lastSize;
      if (lastDepth > depth) depth = lastDepth;
    }
    slots.set(array, base);
    finishCollection(size, depth, items[0], path);
    return array;
  };

  const convertScalar = (
    node: Scalar,
    parent: Path | undefined,
    segment: string | number | undefined,
  ): unknown => {
    const value = node.value;
    if (typeof value === "string") {
      return interpolateNode(node, value, parent, segment);
    }
    if (
      value === null ||
      typeof value === "number" ||
      typeof value === "boolean"
    ) {
      return value;
    }
    report(node, link(parent, segment), {
      message: "this YAML value type is not supported here",
      expected: "text, a number, true, false or null",
    });
    return null;
  };

  try {
    const value = convert(root, undefined, undefined);
    const rootRange = rangeOf(root) ?? [0, 1];
    return { value, slots, spans, rootSpan: [rootRange[0], rootRange[1]] };
  } catch (error) {
    if (error instanceof StopWalk) return undefined;
    throw error;
  }
}
