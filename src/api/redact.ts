/**
 * Redaction applied at every output boundary for logs, errors and diagnostics (debug lines,
 * error messages, error bodies kept for reports): the known secrets in every form they could
 * take on the wire (src/util/secret-text.ts), and, as defence in depth, a credential-shaped
 * Authorization header or `user:password@` in a URL. Data outputs (plans, exports) are never
 * redacted: a value holding a secret is refused instead (src/util/refuse-secret-data.ts).
 */
import { REDACTED, secretText } from "../util/secret-text.js";

/** Replaces every secret in a text with `[redacted]`. */
export type Redact = (text: string) => string;

/**
 * The generic shapes, narrow enough to leave prose alone ("Basic authentication", "Bearer
 * tokens"): an `authorization: …` header's value, a `Bearer` token with a digit in it, a
 * `Basic` Base64 blob with a digit or `+/=` in it, and `//user:pass@`.
 */
const PATTERNS: readonly [RegExp, string][] = [
  [
    /(authorization["']?\s*[:=]\s*["']?)(?:(?:Bearer|Basic)\s+)?[^"'\s,}]+/gi,
    `$1${REDACTED}`,
  ],
  [
    /\b(Bearer\s+)(?=[A-Za-z0-9._~+/=-]*\d)[A-Za-z0-9._~+/=-]{16,}/g,
    `$1${REDACTED}`,
  ],
  [
    /\b(Basic\s+)(?=[A-Za-z0-9+/]*[0-9+/=])[A-Za-z0-9+/]{8,}={0,2}/g,
    `$1${REDACTED}`,
  ],
  [/(\/\/)[^/\s:@]*:[^/\s@]*@/g, `$1${REDACTED}@`],
];

/** A redactor for these secrets (tokens, passwords, headers). Empty secrets are ignored. */
export function createRedactor(secrets: Iterable<string>): Redact {
  const known = secretText(secrets);
  return (text: string): string => {
    let out = known.redact(text);
    for (const [pattern, replacement] of PATTERNS) {
      out = out.replace(pattern, replacement);
    }
    return out;
  };
}
