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
    return new Credentials("bearer", `Bearer ${clean}`, [clean]);
  }

  /** `Authorization: Basic base64(email:apiToken)`. */
  static basic(email: string, apiToken: string): Credentials {
    const cleanEmail = email.trim();
    const clean = apiToken.trim();
    if (cleanEmail === "" || clean === "")
      throw new UsageError("the email or the API token is empty");
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
