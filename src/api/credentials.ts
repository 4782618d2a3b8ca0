import { inspect } from "node:util";

import { UsageError } from "../util/errors.js";

/** Credentials as a program gives them. */
export type CredentialsInput =
  | { readonly kind: "bearer"; readonly token: string }
  | {
      readonly kind: "basic";
      readonly email: string;
      readonly apiToken: string;
    };

/**
 * API credentials, held so that they cannot leak by accident: the secret lives in private
 * fields, and `JSON.stringify`, `util.inspect`, `String()` and template strings all print
 * `[redacted]`. Only the client reads the header, when it sends a request.
 */
export class Credentials {
  /** `bearer` (OAuth 2.0 token) or `basic` (email + API token). */
  readonly kind: "bearer" | "basic";
  readonly #header: string;
  readonly #secrets: readonly string[];

  private constructor(
    kind: "bearer" | "basic",
    header: string,
    secrets: string[],
  ) {
    this.kind = kind;
    this.#header = header;
    this.#secrets = secrets;
  }

  /** Credentials from a program's plain object (validated: nothing empty). */
  static from(input: CredentialsInput | Credentials): Credentials {
    if (input instanceof Credentials) return input;
    if (input.kind === "bearer") return Credentials.bearer(input.token);
    return Credentials.basic(input.email, input.apiToken);
  }

  /** `Authorization: Bearer TOKEN`. */
  static bearer(token: string): Credentials {
    const clean = token.trim();
    if (clean === "") throw new UsageError("the Bearer token is empty");
    checkHeaderText("the Bearer token", clean);
    return new Credentials("bearer", `Bearer ${clean}`, [clean]);
  }

  /** `Authorization: Basic base64(email:apiToken)`. */
  static basic(email: string, apiToken: string): Credentials {
    const cleanEmail = email.trim();
    const clean = apiToken.trim();
    if (cleanEmail === "" || clean === "")
      throw new UsageError("the email or the API token is empty");
    checkHeaderText("the API token", clean);
    const encoded = Buffer.from(`${cleanEmail}:${clean}`).toString("base64");
    return new Credentials("basic", `Basic ${encoded}`, [clean, encoded]);
  }

  /** The value of the Authorization header. Only the client should call this. */
  authorizationHeader(): string {
    return this.#header;
  }

  /** Every form of the secret that could appear in text, for redaction. */
  secrets(): readonly string[] {
    return [...this.#secrets, this.#header];
  }

  toJSON(): { kind: string; secret: string } {
    return { kind: this.kind, secret: "[redacted]" };
  }

  toString(): string {
    return `Credentials(${this.kind}, [redacted])`;
  }

  [inspect.custom](): string {
    return this.toString();
  }
}

const TOKEN_HINT =
  "a token is one line of plain characters: copy it again from id.atlassian.com (Security → API tokens), and keep it alone in the variable or file (a trailing line break is fine)";

/**
 * A token travels in an HTTP header, which holds one line of Latin-1 text: a line break or
 * control character inside it, or a character beyond Latin-1 (a typographic dash or quote
 * pasted with it), fails at once, naming the position but never the character.
 */
function checkHeaderText(what: string, token: string): void {
  for (let i = 0; i < token.length; i++) {
    const code = token.charCodeAt(i);
    const problem =
      code === 0x0a || code === 0x0d
        ? "a line break"
        : code < 0x20 || code === 0x7f
          ? "a control character"
          : code > 0xff
            ? "a character an HTTP header cannot carry (beyond Latin-1)"
            : undefined;
    if (problem !== undefined)
      throw new UsageError(
        `${what} has ${problem} at character ${i + 1} of ${token.length}`,
        { hint: TOKEN_HINT },
      );
  }
}
