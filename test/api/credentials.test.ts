import { inspect } from "node:util";

import { describe, expect, it } from "vitest";

import {
  Credentials,
  createRedactor,
  loadCredentials,
  type CredentialSources,
} from "../../src/api/index.js";
import { UsageError } from "../../src/util/errors.js";

const SENTINEL = "SENTINEL-9f3c2a7e-credentials";

describe("Credentials", () => {
  it("never show the secret when printed or serialised", () => {
    for (const credentials of [
      Credentials.bearer(SENTINEL),
      Credentials.basic("me@example.com", SENTINEL),
    ]) {
      const base64 = credentials.authorizationHeader().split(" ")[1]!;
      const outputs = [
        JSON.stringify(credentials),
        JSON.stringify({ nested: { credentials } }),
        inspect(credentials, { depth: 10, showHidden: true }),
        inspect({ credentials }, { depth: 10 }),
        String(credentials),
        `${String(credentials)}`,
      ];
      for (const out of outputs) {
        expect(out).not.toContain(SENTINEL);
        expect(out).not.toContain(base64);
        expect(out).toContain("[redacted]");
      }
    }
  });

  it("build the Authorization header", () => {
    expect(Credentials.bearer(" abc ").authorizationHeader()).toBe(
      "Bearer abc",
    );
    expect(Credentials.basic("a@b.c", "tok").authorizationHeader()).toBe(
      `Basic ${Buffer.from("a@b.c:tok").toString("base64")}`,
    );
    expect(() => Credentials.bearer("  ")).toThrow(UsageError);
  });
});

describe("createRedactor", () => {
  it("removes the secret in every form, and header-like text", () => {
    const credentials = Credentials.basic(
      "me@example.com",
      `${SENTINEL}/+ "x"`,
    );
    const redact = createRedactor(credentials.secrets());
    const header = credentials.authorizationHeader();
    const text = [
      `token ${SENTINEL}/+ "x"`,
      `url ?t=${encodeURIComponent(`${SENTINEL}/+ "x"`)}`,
      `json ${JSON.stringify({ t: `${SENTINEL}/+ "x"` })}`,
      `header ${header}`,
      "authorization: Bearer somethingElse",
      '{"Authorization":"Basic Zm9vOmJhcg=="}',
      "https://user:pw@host/api",
    ].join("\n");
    const out = redact(text);
    expect(out).not.toContain(SENTINEL);
    expect(out).not.toContain(header.split(" ")[1]);
    expect(out).not.toContain("somethingElse");
    expect(out).not.toContain("Zm9vOmJhcg");
    expect(out).not.toContain("pw@");
    expect(out).toContain("[redacted]");
  });

  it("leaves ordinary text alone", () => {
    const redact = createRedactor([SENTINEL, ""]);
    expect(redact("GET organization/details → 200 (3 ms)")).toBe(
      "GET organization/details → 200 (3 ms)",
    );
  });
});

describe("loadCredentials", () => {
  const files = new Map<string, string>([
    ["/secrets/token", `  ${SENTINEL}\n`],
    ["/secrets/empty", "\n"],
  ]);
  const sources = (
    env: Record<string, string>,
    extra: Partial<CredentialSources> = {},
  ): CredentialSources => ({
    env,
    readFile: (path) => {
      const text = files.get(path);
      if (text === undefined)
        throw Object.assign(new Error("nope"), { code: "ENOENT" });
      return text;
    },
    ...extra,
  });

  it("reads a Bearer token from ORGSYNC_TOKEN", () => {
    const loaded = loadCredentials(sources({ ORGSYNC_TOKEN: SENTINEL }));
    expect(loaded.credentials.authorizationHeader()).toBe(`Bearer ${SENTINEL}`);
    expect(loaded.source).toBe("Bearer: ORGSYNC_TOKEN");
  });

  it("reads Basic from ORGSYNC_EMAIL and ORGSYNC_API_TOKEN", () => {
    const loaded = loadCredentials(
      sources({ ORGSYNC_EMAIL: "a@b.c", ORGSYNC_API_TOKEN: SENTINEL }),
    );
    expect(loaded.credentials.kind).toBe("basic");
  });

  it("prefers a token file, trimmed, and warns when others can read it", () => {
    const warnings: string[] = [];
    const loaded = loadCredentials(
      sources(
        { ORGSYNC_TOKEN: "other", ORGSYNC_TOKEN_FILE: "/secrets/none" },
        {
          tokenFile: "/secrets/token",
          fileMode: () => 0o644,
          warn: (line) => warnings.push(line),
        },
      ),
    );
    expect(loaded.credentials.authorizationHeader()).toBe(`Bearer ${SENTINEL}`);
    expect(warnings).toEqual([
      "the token file /secrets/token is open to every user of this machine (mode 644); chmod 600 it",
    ]);
    // With ORGSYNC_EMAIL the file holds the API token for Basic.
    expect(
      loadCredentials(
        sources({
          ORGSYNC_EMAIL: "a@b.c",
          ORGSYNC_TOKEN_FILE: "/secrets/token",
        }),
      ).credentials.kind,
    ).toBe("basic");
  });

  // Issue 13, finding 10: any group or other permission bit is worth a warning.
  it.each([
    ["640", 0o640, "its group (mode 640)"],
    ["660", 0o660, "its group (mode 660)"],
    ["620", 0o620, "its group (mode 620)"],
    ["604", 0o604, "every user of this machine (mode 604)"],
  ])("warns about a token file with mode %s", (_label, mode, said) => {
    const warnings: string[] = [];
    loadCredentials(
      sources(
        {},
        {
          tokenFile: "/secrets/token",
          fileMode: () => mode,
          warn: (line) => warnings.push(line),
        },
      ),
    );
    expect(warnings).toEqual([
      `the token file /secrets/token is open to ${said}; chmod 600 it`,
    ]);
  });

  it("is quiet about a token file with mode 600 or 400", () => {
    const warnings: string[] = [];
    for (const mode of [0o600, 0o400, 0o100600])
      loadCredentials(
        sources(
          {},
          {
            tokenFile: "/secrets/token",
            fileMode: () => mode,
            warn: (line) => warnings.push(line),
          },
        ),
      );
    expect(warnings).toEqual([]);
  });

  it("explains what is missing, naming the variables", () => {
    expect(() => loadCredentials(sources({}))).toThrow(
      expect.objectContaining({
        code: "E_USAGE",
        hint: expect.stringMatching(
          /ORGSYNC_TOKEN.*ORGSYNC_EMAIL.*ORGSYNC_API_TOKEN/,
        ),
      }),
    );
    expect(() => loadCredentials(sources({ ORGSYNC_EMAIL: "a@b.c" }))).toThrow(
      /only ORGSYNC_EMAIL is set/,
    );
    expect(() =>
      loadCredentials(sources({ ORGSYNC_TOKEN_FILE: "/secrets/missing" })),
    ).toThrow(/cannot read the token file \/secrets\/missing \(ENOENT\)/);
    expect(() =>
      loadCredentials(sources({ ORGSYNC_TOKEN_FILE: "/secrets/empty" })),
    ).toThrow(/is empty/);
  });
});

// Issue 13, finding 12: a token an HTTP header cannot carry fails at once, never by retries.
describe("a token with a character a header cannot carry", () => {
  it.each([
    ["a line break inside", "abc\ndef", /line break at character 4 of 7/],
    ["a carriage return inside", "abc\rdef", /line break at character 4/],
    ["a control character", "abc\u0000def", /control character at character 4/],
    ["a typographic dash", "abc\u2013def", /beyond Latin-1\) at character 4/],
    ["an emoji", "abc\u{1F600}", /beyond Latin-1\) at character 4/],
  ])(
    "is refused with %s, without the token in the message",
    (_what, token, said) => {
      for (const make of [
        () => Credentials.bearer(token),
        () => Credentials.basic("me@example.com", token),
      ]) {
        let error: unknown;
        try {
          make();
        } catch (caught) {
          error = caught;
        }
        expect(error).toBeInstanceOf(UsageError);
        expect((error as Error).message).toMatch(said);
        expect((error as Error).message).not.toContain("abc");
      }
    },
  );

  it("keeps trimming a trailing line break, and accepts Latin-1 in an email", () => {
    expect(Credentials.bearer("tok\r\n").authorizationHeader()).toBe(
      "Bearer tok",
    );
    expect(Credentials.basic("zoë@example.com", "tok\n").kind).toBe("basic");
  });
});

describe("createRedactor with a short secret", () => {
  it("redacts it where it stands alone, not inside words", () => {
    const redact = createRedactor(["t0k"]);
    expect(redact("GET organization/details → 200")).toBe(
      "GET organization/details → 200",
    );
    expect(redact('echo "t0k" and t0k, not at0k')).toBe(
      'echo "[redacted]" and [redacted], not at0k',
    );
  });
});
