/**
 * Names and values come from manifests and from the live site, so they may hold anything:
 * escape sequences that repaint a terminal, bidi overrides that make text read backwards,
 * invisible characters that make two names look alike, newlines that forge extra lines, or
 * Markdown that turns a pull-request comment into something else. These functions make
 * such text visible and inert before it is shown.
 */

/**
 * Control characters (C0, DEL, C1), format characters (bidi overrides and isolates, zero
 * widths, BOM...), line and paragraph separators, lone surrogates, spaces other than the
 * plain space, and private-use or unassigned code points.
 */
const UNSAFE = /[\p{Cc}\p{Cf}\p{Cs}\p{Co}\p{Cn}\p{Zl}\p{Zp}\p{Zs}]/gu;

function visible(char: string): string {
  if (char === " ") return char;
  const code = char.codePointAt(0) ?? 0;
  if (code <= 0xff) return `\\x${code.toString(16).padStart(2, "0")}`;
  if (code <= 0xffff) return `\\u${code.toString(16).padStart(4, "0")}`;
  return `\\u{${code.toString(16)}}`;
}

/**
 * Text safe to write to a terminal: every character that could act on the terminal or hide
 * or reorder what is shown is written as an escape (`\x1b`, `\u202e`). Backslashes are left
 * alone; callers show names JSON-quoted, where a literal backslash already reads `\\`.
 */
export function escapeForTerminal(text: string): string {
  return text.replace(UNSAFE, visible);
}

const MARKDOWN_PUNCTUATION = /[\\`*_[\]()#|~!$]/g;
const HTML = /[&<>]/g;
const ENTITIES: Readonly<Record<string, string>> = {
  "&": "&amp;",
  "<": "&lt;",
  ">": "&gt;",
};
const MENTION = /@/g;
const NO_MENTION = "@&#8203;";
/**
 * What GitHub and GitLab turn into links or references in plain text: `scheme://`, `www.`,
 * and `#123`. A zero-width space (as an entity) after the trigger leaves the text readable
 * and unlinked. Applied after the entities are written and before mentions are broken (whose
 * entity holds a `#` and digits).
 */
const AUTOLINK = /:\/\/|\b(www)\.|#(?=\d)/gi;
const NO_AUTOLINK = (match: string, www: string | undefined): string =>
  www !== undefined
    ? `${www}&#8203;.`
    : `${match.slice(0, 1)}&#8203;${match.slice(1)}`;

/**
 * Text safe to put in a Markdown pull-request comment, in running text or a table cell:
 * what `escapeForTerminal` escapes is made visible first; then Markdown punctuation is
 * backslash-escaped (no code spans, emphasis, links, images, tables cells split by `|`, or
 * math), HTML is written as entities (no `<details>`, other tags or `<!--` comments), `@` is
 * followed by a zero-width space so no one is mentioned, and bare URLs, `www.` and `#123`
 * are broken the same way so they are not linked.
 */
export function escapeMarkdown(text: string): string {
  return escapeForTerminal(text)
    .replace(MARKDOWN_PUNCTUATION, (char) => `\\${char}`)
    .replace(HTML, (char) => ENTITIES[char] ?? char)
    .replace(AUTOLINK, NO_AUTOLINK)
    .replace(MENTION, NO_MENTION);
}

/**
 * Text safe inside raw HTML of a Markdown comment, such as a `<summary>` line, where
 * Markdown is not processed (so backslash escapes would show): visible escapes as in
 * `escapeForTerminal`, then `&`, `<` and `>` as entities, and no mentions or links.
 */
export function escapeHtml(text: string): string {
  return escapeForTerminal(text)
    .replace(HTML, (char) => ENTITIES[char] ?? char)
    .replace(AUTOLINK, NO_AUTOLINK)
    .replace(MENTION, NO_MENTION);
}

/**
 * Text safe inside a fenced code block of a Markdown comment, where Markdown and HTML are
 * inert but a CI script still sees the raw text: as `escapeForTerminal`, and `<!--` written
 * `<\x21--` so data can never hold an HTML comment such as the part separator.
 */
export function escapeMarkdownCode(text: string): string {
  return escapeForTerminal(text).replace(/<!--/g, "<\\x21--");
}

/**
 * JSON text in which every character `escapeForTerminal` would escape is written as a
 * `\uXXXX` escape: the same JSON value, safe to print to a terminal. Line breaks and spaces
 * between tokens (from `indent`) stay; inside strings JSON already escapes line breaks.
 */
export function terminalSafeJson(value: unknown, indent?: number): string {
  return terminalSafeJsonText(JSON.stringify(value, null, indent));
}

/**
 * `terminalSafeJson` for JSON text a renderer already wrote (with its own key order), such
 * as a saved plan: the same JSON value, with no character left that could act on a terminal
 * (C1 controls such as U+009B, bidi overrides, zero widths). The text's white space between
 * tokens must be spaces and line breaks only, as `JSON.stringify` indents.
 */
export function terminalSafeJsonText(json: string): string {
  const codeUnits = (char: string): string =>
    Array.from(
      { length: char.length },
      (_, i) => `\\u${char.charCodeAt(i).toString(16).padStart(4, "0")}`,
    ).join("");
  return json.replace(UNSAFE, (char) =>
    char === "\n" || char === " " ? char : codeUnits(char),
  );
}

/** What `escapeForTerminal` escapes, except the line break and the plain space. */
const UNSAFE_IN_TEXT =
  /(?![\n ])[\p{Cc}\p{Cf}\p{Cs}\p{Co}\p{Cn}\p{Zl}\p{Zp}\p{Zs}]/gu;
const HAS_UNSAFE_IN_TEXT = new RegExp(UNSAFE_IN_TEXT.source, "u");

/**
 * True when text holds a character that `yamlSafeText` must escape, so a YAML writer has to
 * put the text in a double-quoted scalar (the only YAML style with escapes).
 */
export function needsYamlEscapes(text: string): boolean {
  return HAS_UNSAFE_IN_TEXT.test(text);
}

/**
 * YAML text in which every character `escapeForTerminal` would escape (but the line breaks
 * and spaces of the layout) is written as a YAML escape (`\x85`, `\u202e`, `\U000e0041`):
 * the same YAML value, safe to show. Every scalar holding such a character must have been
 * written double-quoted (see `needsYamlEscapes`), where escapes are read as escapes.
 */
export function yamlSafeText(yaml: string): string {
  return yaml.replace(UNSAFE_IN_TEXT, (char) => {
    const code = char.codePointAt(0) ?? 0;
    if (code <= 0xff) return `\\x${code.toString(16).padStart(2, "0")}`;
    if (code <= 0xffff) return `\\u${code.toString(16).padStart(4, "0")}`;
    return `\\U${code.toString(16).padStart(8, "0")}`;
  });
}
