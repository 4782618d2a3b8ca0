/**
 * Finding known secrets (tokens, the Base64 of a Basic header) in text, in every form a
 * server, a proxy or a log could give them back: raw; percent-encoded in either hex case;
 * HTML entities (decimal, hex, named); JSON `\u` escapes; any mix of these, character by
 * character; and Base64 (and base64url) of any text that contains the secret, at any offset.
 * Only known values are matched: ordinary words such as "Basic authentication" are left alone.
 */

/** What a set of secrets lets you do with a text. */
export interface SecretText {
  /** The text with every form of every secret replaced by `[redacted]`. */
  redact(text: string): string;
  /** True when the text holds any form of any secret. */
  holds(text: string): boolean;
}

/** What a secret is replaced with. */
export const REDACTED = "[redacted]";

/**
 * A secret shorter than this (a test token such as "t") is matched only where it stands
 * alone, not inside other words: otherwise every "t" of every line would go. Real tokens are
 * far longer and are matched wherever they appear.
 */
const WHOLE_WORD_BELOW = 12;
const TOKEN_CHAR = "[A-Za-z0-9._~+/=-]";

const NAMED_ENTITIES: Readonly<Record<string, readonly string[]>> = {
  "&": ["amp"],
  "<": ["lt"],
  ">": ["gt"],
  '"': ["quot"],
  "'": ["apos"],
  "/": ["sol"],
  "=": ["equals"],
  "+": ["plus"],
  _: ["lowbar"],
  ".": ["period"],
  ":": ["colon"],
};

/** Secrets as given; empty ones are ignored. */
export function secretText(secrets: Iterable<string>): SecretText {
  const patterns = new Set<string>();
  for (const secret of secrets) {
    if (secret === "") continue;
    const encoded = encodedPattern(secret);
    if (secret.length < WHOLE_WORD_BELOW) {
      patterns.add(`(?<!${TOKEN_CHAR})${encoded}(?!${TOKEN_CHAR})`);
      continue;
    }
    patterns.add(encoded);
    for (const form of base64Forms(secret)) patterns.add(escapeRegExp(form));
  }
  if (patterns.size === 0)
    return { redact: (text) => text, holds: () => false };
  // Longest first, so that a secret containing another is replaced whole.
  const source = [...patterns].sort((a, b) => b.length - a.length).join("|");
  const global = new RegExp(source, "g");
  return {
    redact: (text) => text.replace(global, REDACTED),
    holds: (text) => text.search(global) >= 0,
  };
}

/** Secrets as a list or already compiled; undefined stays undefined. */
export function asSecretText(
  secrets: readonly string[] | SecretText | undefined,
): SecretText | undefined {
  if (secrets === undefined) return undefined;
  return "holds" in secrets ? secrets : secretText(secrets);
}

/** A pattern matching the secret with each character in any of its encodings. */
function encodedPattern(secret: string): string {
  let pattern = "";
  for (const char of secret) {
    const code = char.codePointAt(0)!;
    const bytes = [...Buffer.from(char, "utf8")];
    const forms = [
      escapeRegExp(char),
      bytes.map((b) => `%${hex(b, 2)}`).join(""),
      `&#0*${code};`,
      `&#[xX]0*${hex(code, 1)};`,
      ...(NAMED_ENTITIES[char] ?? []).map((name) => `&${name};`),
    ];
    if (code <= 0xffff) forms.push(`\\\\[uU]${hex(code, 4)}`);
    if (char === "/" || char === '"' || char === "\\")
      forms.push(escapeRegExp(`\\${char}`));
    pattern += `(?:${forms.join("|")})`;
  }
  return pattern;
}

/**
 * The parts of Base64 that any text holding the secret encodes to, at each of the three
 * byte offsets: the characters that depend on the secret's bytes alone (the first one or two
 * and the last one depend on neighbouring bytes too, and are left off). Both alphabets.
 */
function base64Forms(secret: string): string[] {
  const bytes = Buffer.from(secret, "utf8");
  const forms: string[] = [];
  for (const offset of [0, 1, 2]) {
    const padded = Buffer.concat([Buffer.alloc(offset), bytes]);
    let text = padded.toString("base64").replace(/=+$/, "");
    if (padded.length % 3 !== 0) text = text.slice(0, -1);
    text = text.slice([0, 2, 3][offset]);
    forms.push(text, text.replace(/\+/g, "-").replace(/\//g, "_"));
  }
  return forms;
}

/** A hex number whose digits match either case, at least `width` digits. */
function hex(n: number, width: number): string {
  return [...n.toString(16).toUpperCase().padStart(width, "0")]
    .map((d) => (/[A-F]/.test(d) ? `[${d}${d.toLowerCase()}]` : d))
    .join("");
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\/-]/g, "\\$&");
}
