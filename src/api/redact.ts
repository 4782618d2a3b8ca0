/**
 * Redaction applied at every output boundary (debug lines, error messages, error bodies kept
 * for reports), as defence in depth: the secrets themselves in every form they could take on
 * the wire, and anything that looks like an Authorization header or URL credentials.
 */

/** Replaces every secret in a text with `[redacted]`. */
export type Redact = (text: string) => string;

const MARK = "[redacted]";

/**
 * A secret shorter than this (a test token such as "t") is redacted only where it stands
 * alone, not inside other words: otherwise every "t" of every line would go. Real tokens
 * are far longer and are redacted wherever they appear.
 */
const WHOLE_WORD_BELOW = 12;
const TOKEN_CHAR = "[A-Za-z0-9._~+/=-]";

/** The generic shapes: `Bearer x`, `Basic x`, `authorization: x`, `//user:pass@`. */
const PATTERNS: readonly [RegExp, string][] = [
  [/\b(Bearer|Basic)(\s+)[A-Za-z0-9._~+/=:-]+/gi, `$1$2${MARK}`],
  [/(authorization["']?\s*[:=]\s*["']?)[^"'\s,}]+/gi, `$1${MARK}`],
  [/(\/\/)[^/\s:@]*:[^/\s@]*@/g, `$1${MARK}@`],
];

/**
 * A redactor for these secrets (tokens, passwords). Each is also redacted in its
 * URL-encoded and JSON-escaped forms. Empty secrets are ignored.
 */
export function createRedactor(secrets: Iterable<string>): Redact {
  const forms = new Set<string>();
  for (const secret of secrets) {
    if (secret === "") continue;
    forms.add(secret);
    forms.add(encodeURIComponent(secret));
    forms.add(JSON.stringify(secret).slice(1, -1));
  }
  // Longest first, so a secret that contains another is replaced whole.
  const ordered = [...forms].sort((a, b) => b.length - a.length);
  const long = ordered.filter((form) => form.length >= WHOLE_WORD_BELOW);
  const short = ordered
    .filter((form) => form.length < WHOLE_WORD_BELOW)
    .map(
      (form) =>
        new RegExp(`(?<!${TOKEN_CHAR})${escape(form)}(?!${TOKEN_CHAR})`, "g"),
    );
  return (text: string): string => {
    let out = text;
    for (const form of long) out = out.split(form).join(MARK);
    for (const pattern of short) out = out.replace(pattern, MARK);
    for (const [pattern, replacement] of PATTERNS) {
      out = out.replace(pattern, replacement);
    }
    return out;
  };
}

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}
