import { Document, parse, Scalar, Schema } from "yaml";

import { needsYamlEscapes, yamlSafeText } from "../util/escape.js";

/**
 * A value to write as YAML: text, a list, or a mapping whose keys keep the order they were
 * set in. Mappings are `Map`s so that names such as `__proto__` are plain keys.
 */
export type YamlValue =
  string | boolean | readonly YamlValue[] | ReadonlyMap<string, YamlValue>;

/**
 * One YAML document as orgsync writes it: a `# yaml-language-server` modeline, block style
 * throughout (one list item a line, so a review diff shows exactly what changed), no line
 * folding, and keys in the order given.
 *
 * Text that a YAML 1.1 reader would take for something else (`yes`, `off`, `2027-01-31`,
 * `1:20`) is double-quoted, although orgsync itself reads YAML 1.2, where those are text:
 * exported files are read by other tools too (editors, linters, CI), and quoting costs
 * nothing. The YAML library quotes what YAML 1.2 would mis-type (`null`, `012`, `1e3`).
 * Text, keys included, is escaped for the loader's `${NAME}` interpolation (see
 * `escapeInterpolation`). Control, bidi and zero-width characters are written as YAML escapes
 * in double-quoted text (`"Evil\u202eCorp"`), so the file shows them and reads back the same.
 */
export function manifestYaml(
  schemaRef: string,
  content: ReadonlyMap<string, YamlValue>,
): string {
  const doc = new Document();
  doc.contents = doc.createNode(toNodeInput(content));
  const body = yamlSafeText(doc.toString({ lineWidth: 0, indentSeq: true }));
  return `# yaml-language-server: $schema=${schemaRef}\n${body}`;
}

function toNodeInput(value: YamlValue): unknown {
  if (typeof value === "string") return textScalar(escapeInterpolation(value));
  if (typeof value === "boolean") return value;
  if (isMap(value)) {
    // The loader interpolates keys as well (a detail key may be `${FIELD}`).
    return new Map(
      [...value].map(([key, item]) => [
        textScalar(escapeInterpolation(key)),
        toNodeInput(item),
      ]),
    );
  }
  return value.map(toNodeInput);
}

/**
 * The loader replaces `${NAME}` in every string (values and keys) from the environment, and
 * reads `$${` as a literal `${`; text that holds `${` is written with `$${` so it reads back as
 * it was.
 */
export function escapeInterpolation(text: string): string {
  // A replacer function, because `$$` in a replacement string means one `$`.
  return text.replaceAll("${", () => "$${");
}

function isMap(value: YamlValue): value is ReadonlyMap<string, YamlValue> {
  return value instanceof Map;
}

function textScalar(text: string): Scalar<string> {
  const scalar = new Scalar(text);
  // Control, bidi and invisible characters are written as escapes, which only double quotes read.
  if (needsYamlEscapes(text) || misreadAsYaml11(text)) {
    scalar.type = Scalar.QUOTE_DOUBLE;
  }
  return scalar;
}

/**
 * Text that YAML reads as one plain scalar and nothing else: it starts with a letter, a digit
 * or `+`, holds only letters, digits, spaces and `.,@/+()_-`, and does not end in a space.
 * No indicator, comment, key or document marker can form from these characters.
 */
const ONE_PLAIN_SCALAR =
  /^[A-Za-z0-9+](?:[A-Za-z0-9 .,@/+()_-]*[A-Za-z0-9.,@/+()_-])?$/;

/** The tests by which YAML 1.1 types a plain scalar (null, booleans, numbers, timestamps). */
const YAML11_PLAIN_TYPES: readonly RegExp[] = new Schema({
  schema: "yaml-1.1",
}).tags.flatMap((tag) =>
  tag.default === true && "test" in tag && tag.test instanceof RegExp
    ? [tag.test]
    : [],
);

/** True when a YAML 1.1 reader would not read `text`, written plain, back as that text. */
export function misreadAsYaml11(text: string): boolean {
  if (text === "" || text.includes("\n")) return false;
  // The common case without a parse (an export writes hundreds of thousands of values):
  // one plain scalar is misread exactly when a YAML 1.1 type's test claims it, as the
  // parser itself decides.
  if (ONE_PLAIN_SCALAR.test(text))
    return YAML11_PLAIN_TYPES.some((test) => test.test(text));
  try {
    return parse(text, { version: "1.1", logLevel: "silent" }) !== text;
  } catch {
    // Text that is not even valid YAML on its own gets quoted by the library anyway.
    return false;
  }
}
