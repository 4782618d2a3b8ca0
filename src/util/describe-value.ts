/** Words for values and JSON types, as messages show them. */

const SHOWN_TEXT = 60;

/** A short, quoted description of a value found in a manifest: `text "SELCT"`, `a list`. */
export function describeValue(value: unknown): string {
  if (value === null || value === undefined) return "nothing (null)";
  if (typeof value === "string") return `text ${quote(value)}`;
  if (typeof value === "number") return `the number ${String(value)}`;
  if (typeof value === "boolean") return String(value);
  if (Array.isArray(value)) {
    return value.length === 0 ? "an empty list" : "a list";
  }
  return "a mapping";
}

/** A string in double quotes, shortened when long. Escaping for terminals happens at output. */
export function quote(text: string): string {
  const shown =
    text.length > SHOWN_TEXT ? `${text.slice(0, SHOWN_TEXT - 1)}…` : text;
  return `"${shown}"`;
}

const TYPE_WORDS: Readonly<Record<string, string>> = {
  string: "text",
  number: "a number",
  integer: "a whole number",
  boolean: "true or false",
  null: "null",
  array: "a list",
  object: "a mapping",
};

/** JSON Schema type names in words: `["string", "array"]` → "text or a list". */
export function describeTypes(types: unknown): string {
  const list = (Array.isArray(types) ? types : [types]).map(
    (type) => TYPE_WORDS[String(type)] ?? String(type),
  );
  return listWords(list, "or");
}

/** "a, b or c". */
export function listWords(
  items: readonly string[],
  last: "or" | "and",
): string {
  if (items.length <= 1) return items.join("");
  return `${items.slice(0, -1).join(", ")} ${last} ${items[items.length - 1]}`;
}
