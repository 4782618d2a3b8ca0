import { inspect } from "node:util";

import { afterAll, beforeAll, describe, expect, it } from "vitest";

import {
  Credentials,
  checkBaseUrl,
  createClient,
  type ClientOptions,
  type CredentialsInput,
  type CsmClient,
} from "../../src/api/index.js";
import {
  startEmulator,
  type EmulatorOptions,
  type RunningEmulator,
} from "../../src/emulator/index.js";
import { ECHO_STYLES, startEchoServer } from "../reliability/echo-server.js";
import { holdsSecret } from "../reliability/output-checks.js";
import { startScriptedServer, type Script } from "./helpers/scripted-server.js";

const SENTINEL = "SENTINEL-9f3c71d2-token-must-never-leak";

/** Every way an error could end up in front of a person or a file. */
function everyRendering(error: unknown): string {
  const e = error as Error & { hint?: string };
  return [
    e.message,
    e.hint ?? "",
    e.stack ?? "",
    String(error),
    JSON.stringify(error),
    JSON.stringify(e.cause ?? null),
    inspect(error, { depth: 10, showHidden: true }),
  ].join("\n");
}

const auths: [string, CredentialsInput][] = [
  ["bearer", { kind: "bearer", token: SENTINEL }],
  ["basic", { kind: "basic", email: "me@example.com", apiToken: SENTINEL }],
];

describe.each(auths)("a %s sentinel token", (_kind, auth) => {
  const secretForms = [
    SENTINEL,
    Credentials.from(auth).authorizationHeader().split(" ")[1]!,
  ];
  const lines: string[] = [];
  const seenErrors: [string, unknown][] = [];
  const emulators: RunningEmulator[] = [];

  const clientFor = (
    baseUrl: string,
    extra: Partial<ClientOptions> = {},
  ): CsmClient =>
    createClient({
      baseUrl,
      auth,
      logger: (line) => lines.push(line),
      retry: { maxAttempts: 2, baseDelayMs: 1, maxDelayMs: 5 },
      ...extra,
    });
  const emulator = async (options: EmulatorOptions): Promise<string> => {
    const emu = await startEmulator({
      quiet: true,
      token: SENTINEL,
      seed: { fields: [{ name: "Region", type: "TEXT" }] },
      ...options,
    });
    emulators.push(emu);
    return emu.baseUrl;
  };
  const scripted = async (script: Script[]): Promise<string> => {
    const server = await startScriptedServer(script);
    emulators.push({ close: () => server.close() } as RunningEmulator);
    return server.baseUrl;
  };
  const failure = async (
    path: string,
    run: () => Promise<unknown>,
  ): Promise<void> => {
    const error = await run().then(
      () => new Error(`${path} did not fail`),
      (e: unknown) => e,
    );
    seenErrors.push([path, error]);
  };

  beforeAll(async () => {
    await failure("401", async () =>
      clientFor(await emulator({ token: "another-token" })).listDetailFields(),
    );
    await failure("403", async () =>
      clientFor(await emulator({ readOnly: true })).createOrganization("A"),
    );
    await failure("404", async () =>
      clientFor(await emulator({})).getOrganization("999"),
    );
    await failure("412", async () =>
      clientFor(
        await scripted([
          {
            status: 412,
            body: { errorMessages: ["send X-ExperimentalApi: opt-in"] },
          },
        ]),
      ).fetchProfiles({ organizationNames: ["A"] }),
    );
    await failure("429 after retries", async () =>
      clientFor(
        await emulator({
          faults: { rate: 1, kinds: ["429"], retryAfterSeconds: 1 },
        }),
      ).listDetailFields(),
    );
    await failure("500 after retries", async () =>
      clientFor(
        await emulator({ faults: { rate: 1, kinds: ["500"] } }),
      ).listDetailFields(),
    );
    await failure("reset", async () =>
      clientFor(
        await emulator({ faults: { rate: 1, kinds: ["reset"] } }),
      ).listDetailFields(),
    );
    await failure("timeout", async () =>
      clientFor(
        await emulator({ hangMs: 2000, faults: { rate: 1, kinds: ["hang"] } }),
        { timeouts: { responseMs: 150 }, retry: { maxAttempts: 1 } },
      ).listDetailFields(),
    );
    await failure("shape", async () =>
      clientFor(
        await scripted([{ status: 200, body: { results: [{ name: 3 }] } }]),
      ).listDetailFields(),
    );
    await failure("not JSON", async () =>
      clientFor(
        await scripted([{ status: 200, body: "<html>" }]),
      ).listDetailFields(),
    );
    await failure("unknown outcome", async () =>
      clientFor(
        await emulator({
          faults: { rate: 0, count: 1, kinds: ["done-500"], methods: ["POST"] },
        }),
      ).createOrganization("A"),
    );
    await failure("refused", async () => {
      const dead = await scripted([{ status: 200 }]);
      await emulators.pop()!.close();
      return clientFor(dead).listDetailFields();
    });
    await failure("an error body echoing the credentials", async () => {
      const header = Credentials.from(auth).authorizationHeader();
      return clientFor(
        await scripted([
          {
            status: 400,
            body: {
              errorMessages: [`bad token ${SENTINEL}`, `you sent ${header}`],
              errors: { [SENTINEL]: `Authorization: ${header}` },
              echo: { headers: { authorization: header } },
            },
          },
        ]),
      ).createOrganization("A");
    });
    // Issue 13, finding 3: the credentials echoed in every encoding (echo-server.ts).
    const echo = await startEchoServer();
    emulators.push({ close: () => echo.close() } as RunningEmulator);
    for (const style of ECHO_STYLES)
      await failure(`an error body echoing the credentials (${style})`, () =>
        clientFor(echo.baseUrl(style)).createOrganization("A"),
      );
    await failure("bad base URL", () =>
      Promise.resolve().then(() =>
        checkBaseUrl(
          `https://me%40example.com:${SENTINEL}@proxy.example/api/v1/`,
        ),
      ),
    );
    await failure("bad base URL in createClient", () =>
      Promise.resolve().then(() =>
        clientFor(`https://${SENTINEL}@proxy.example/api/v1/`),
      ),
    );
  }, 30_000);

  afterAll(async () => {
    await Promise.all(emulators.map((e) => e.close()));
  });

  it("makes every failure path fail with an orgsync error", () => {
    expect(seenErrors).toHaveLength(15 + ECHO_STYLES.length);
    for (const [path, error] of seenErrors) {
      expect(
        (error as { code?: string }).code,
        `${path}: ${String(error)}`,
      ).toMatch(/^E_(API_STATUS|NETWORK|API_SHAPE|UNKNOWN_OUTCOME|USAGE)$/);
    }
    const codes = new Map(
      seenErrors.map(([path, e]) => [path, (e as { code: string }).code]),
    );
    expect(codes.get("timeout")).toBe("E_NETWORK");
    expect(codes.get("unknown outcome")).toBe("E_UNKNOWN_OUTCOME");
    expect(codes.get("shape")).toBe("E_API_SHAPE");
  });

  it("never shows the secret in an error's message, hint, stack, JSON or inspection", () => {
    for (const [path, error] of seenErrors) {
      const text = everyRendering(error);
      for (const secret of secretForms)
        expect(text.includes(secret), `${path} leaked it:\n${text}`).toBe(
          false,
        );
      // Nor encoded, nor any 16 characters of it (a cut through it).
      expect(
        holdsSecret(text, SENTINEL, secretForms),
        `${path} leaked it:\n${text}`,
      ).toBe(false);
    }
  });

  it("keeps what the server said, redacted", () => {
    const echoed = seenErrors.find(([path]) =>
      path.startsWith("an error body"),
    );
    expect(String((echoed![1] as Error).message)).toContain(
      "bad token [redacted]",
    );
  });

  it("never shows the secret in the debug log", () => {
    expect(lines.length).toBeGreaterThan(10);
    const log = lines.join("\n");
    for (const secret of secretForms) expect(log).not.toContain(secret);
  });

  it("is not shown by the client object itself", () => {
    const client = clientFor("http://127.0.0.1:9/api/v1/");
    const text = `${JSON.stringify(client)}\n${inspect(client, { depth: 10, showHidden: true })}`;
    for (const secret of secretForms) expect(text).not.toContain(secret);
  });
});
