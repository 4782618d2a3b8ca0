import { describe, expect, it } from "vitest";

import { createRedactor } from "../../src/api/index.js";
import { secretText } from "../../src/util/secret-text.js";

const TOKEN = "ATATT3xFfGF0+/Sentinel=token_0123";
const header = `Bearer ${TOKEN}`;

/** Every way a server could echo the token (issue 13, finding 3). */
const ECHOES: readonly [string, string][] = [
  ["raw", TOKEN],
  ["percent-encoded, upper-case hex", encodeURIComponent(TOKEN)],
  [
    "percent-encoded, lower-case hex",
    encodeURIComponent(TOKEN).replace(/%[0-9A-F]{2}/g, (m) => m.toLowerCase()),
  ],
  [
    "every character percent-encoded",
    [...TOKEN].map((c) => `%${c.charCodeAt(0).toString(16)}`).join(""),
  ],
  [
    "HTML entities (named)",
    TOKEN.replace(/\+/g, "&plus;")
      .replace(/\//g, "&sol;")
      .replace(/=/g, "&equals;"),
  ],
  [
    "HTML entities (decimal and hex)",
    [...TOKEN]
      .map((c, i) =>
        i % 2 === 0
          ? `&#${c.charCodeAt(0)};`
          : `&#x${c.charCodeAt(0).toString(16)};`,
      )
      .join(""),
  ],
  [
    "JSON escapes",
    JSON.stringify(TOKEN)
      .slice(1, -1)
      .replace(/\//g, "\\/")
      .replace(/A/g, "\\u0041"),
  ],
  ["Base64 of the Authorization value", Buffer.from(header).toString("base64")],
  [
    "Base64 of the token at offset 1",
    Buffer.from(`x${TOKEN}`).toString("base64"),
  ],
  [
    "Base64 of the token at offset 2",
    Buffer.from(`xy${TOKEN}`).toString("base64"),
  ],
  ["base64url of the header", Buffer.from(`${header}!`).toString("base64url")],
];

describe("secretText", () => {
  it.each(ECHOES)("finds and redacts the token echoed %s", (_how, echoed) => {
    const secrets = secretText([TOKEN]);
    const text = `the server said: ${echoed} (end)`;
    expect(secrets.holds(text)).toBe(true);
    const out = secrets.redact(text);
    expect(out).toContain("[redacted]");
    expect(out.startsWith("the server said: ")).toBe(true);
    expect(out.endsWith(" (end)")).toBe(true);
    expect(secretText([TOKEN]).holds(out.replace(/\[redacted\]/g, ""))).toBe(
      false,
    );
    // What logs and errors use: nothing of the token survives.
    const logged = createRedactor([TOKEN])(text);
    expect(secrets.holds(logged.replace(/\[redacted\]/g, ""))).toBe(false);
  });

  it("leaves ordinary text alone", () => {
    const secrets = secretText([TOKEN, "t"]);
    for (const text of [
      "Basic authentication needs both ORGSYNC_EMAIL and ORGSYNC_API_TOKEN",
      "Bearer tokens expire; the token was rejected",
      "authentication failed: check the token file",
    ]) {
      expect(secrets.holds(text)).toBe(false);
      expect(createRedactor([TOKEN, "t"])(text)).toBe(text);
    }
  });

  it("still redacts credential-shaped headers it does not know", () => {
    const redact = createRedactor([]);
    expect(redact("Authorization: Bearer abcdefghijklmnop1234")).toBe(
      "Authorization: [redacted]",
    );
    expect(redact("sent Basic Zm9vOmJhcjEyMw==")).toBe("sent Basic [redacted]");
    expect(redact("Basic authentication")).toBe("Basic authentication");
  });
});
