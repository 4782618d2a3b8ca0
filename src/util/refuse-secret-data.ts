/**
 * Data outputs (saved plans, JSON / Markdown / text plans, drift reports, exported manifests)
 * are never rewritten: a redacted plan would apply `[redacted]` to the site, and a redacted
 * export would write it back. So a data value that holds a token orgsync uses is refused
 * instead, naming where it is; logs and errors are redacted (src/api/redact.ts).
 */
import { OrgsyncError } from "../util/errors.js";
import { secretText } from "./secret-text.js";

/** A value read from the site (or a manifest) holds a token orgsync uses. */
class SecretInDataError extends OrgsyncError {
  /** Where the secret is: addresses (`organization["Acme"].detail["Notes"]`) or files. */
  readonly addresses: readonly string[];

  constructor(output: string, addresses: readonly string[]) {
    const shown = addresses.slice(0, 10).join(", ");
    const more =
      addresses.length > 10 ? ` and ${addresses.length - 10} more` : "";
    super(
      "E_SECRET_IN_DATA",
      `${shown}${more} ${addresses.length === 1 ? "holds" : "hold"} the API token orgsync uses; no ${output} is written with a credential in it`,
      {
        hint: "the token is exposed where it is stored (on the site or in the manifests): remove it from there, revoke it, and run again with a new one",
      },
    );
    this.addresses = addresses;
  }
}

/**
 * Throws SecretInDataError when any item's value (compared as JSON, so escaped text is found
 * too) holds one of `secrets` in any encoding. `output` names what would have been written.
 */
export function refuseSecretData(
  items: Iterable<{ readonly address: string; readonly value: unknown }>,
  secrets: readonly string[],
  output: string,
): void {
  if (secrets.length === 0) return;
  const matcher = secretText(secrets);
  const found: string[] = [];
  for (const { address, value } of items) {
    const text = typeof value === "string" ? value : JSON.stringify(value);
    if (text !== undefined && matcher.holds(text)) found.push(address);
  }
  if (found.length > 0)
    throw new SecretInDataError(output, [...new Set(found)]);
}
