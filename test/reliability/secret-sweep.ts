/**
 * A sentinel token through every command (demo excepted), every way credentials can be
 * given, with `--debug` on, against the emulator failing in every way it can, against a
 * server that echoes the credentials back in its error bodies in every encoding (raw, across
 * the 500-character cut, percent-encoded, HTML entities, Base64: echo-server.ts), and
 * against a site whose data holds the token. The sentinel, in any form it could be written
 * (plain, encoded, Base64 inside Basic auth or of any text holding it) or any 16 characters
 * of it, must never appear on stdout, stderr, or in any file a command wrote (saved plans,
 * Markdown, exported manifests).
 *
 * The real CLI runs in-process (`main(argv, io)`) with its own environment and working
 * directory. Functions return findings rather than asserting, so the vitest suite and
 * `npm run soak` share them.
 */
import { randomUUID } from "node:crypto";
import { chmodSync, readdirSync, readFileSync, statSync } from "node:fs";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";

import { main } from "../../src/cli/main.js";
import {
  startEmulator,
  type EmulatorSeed,
  type EmulatorSettingsPatch,
  type RunningEmulator,
} from "../../src/emulator/index.js";
import { secretText } from "../../src/util/secret-text.js";
import { ECHO_STYLES, startEchoServer, type EchoStyle } from "./echo-server.js";

/** A fresh secret per run, long enough that the redactor treats it as a secret anywhere. */
export const SENTINEL = `SENTINEL-${randomUUID()}`;
export const EMAIL = "bot@example.com";
const TOKEN_FILE = "token.txt";

const SEED: EmulatorSeed = {
  fields: [
    { name: "Region", type: "SELECT", options: ["AU", "EU"] },
    { name: "Level", type: "SELECT", options: ["Gold", "Silver"] },
  ],
  products: [{ name: "Widget" }],
  organizations: [
    { name: "Acme", details: { Region: "AU", Level: "Gold" } },
    { name: "Old Co" },
  ],
};

export const MANIFEST = `apiVersion: orgsync/v1
kind: DetailFields
fields:
  - { name: Region, type: SELECT, options: [AU, EU, US] }
  - { name: Tier, type: SELECT, options: [Gold, Silver], previousNames: [Level] }
---
apiVersion: orgsync/v1
kind: Organizations
organizations:
  - { name: Acme, details: { Region: EU }, products: [Widget] }
  - { name: Globex, details: { Region: US, Tier: Silver } }
  - { name: Old Co, ensure: absent }
`;

/** One way of giving orgsync its credentials. */
export interface CredentialWay {
  readonly name: string;
  readonly env: Readonly<Record<string, string>>;
  readonly flags: readonly string[];
  /** Every form of the secret that must never be seen. */
  readonly forms: readonly string[];
}

const basicForm = Buffer.from(`${EMAIL}:${SENTINEL}`).toString("base64");

export const WAYS: readonly CredentialWay[] = [
  {
    name: "ORGSYNC_TOKEN",
    env: { ORGSYNC_TOKEN: SENTINEL },
    flags: [],
    forms: [SENTINEL],
  },
  {
    name: "ORGSYNC_EMAIL + ORGSYNC_API_TOKEN",
    env: { ORGSYNC_EMAIL: EMAIL, ORGSYNC_API_TOKEN: SENTINEL },
    flags: [],
    forms: [SENTINEL, basicForm],
  },
  {
    name: "--token-file",
    env: {},
    flags: ["--token-file", TOKEN_FILE],
    forms: [SENTINEL],
  },
  {
    name: "ORGSYNC_TOKEN_FILE + ORGSYNC_EMAIL",
    env: { ORGSYNC_TOKEN_FILE: TOKEN_FILE, ORGSYNC_EMAIL: EMAIL },
    flags: [],
    forms: [SENTINEL, basicForm],
  },
];

/** How the site behaves during one batch of commands. */
export interface SiteBehaviour {
  readonly name: string;
  /** `good` accepts the sentinel; `wrong` expects another token (401); `echo` echoes it. */
  readonly server: "good" | "wrong" | "echo";
  /** How the echo server writes the credentials back. */
  readonly echo?: EchoStyle;
  /** The state `good` starts from instead of SEED. */
  readonly seed?: EmulatorSeed;
  readonly settings?: EmulatorSettingsPatch;
  /** Extra flags for commands that connect (e.g. a short --timeout). */
  readonly flags?: readonly string[];
}

export const BEHAVIOURS: readonly SiteBehaviour[] = [
  { name: "answers", server: "good" },
  { name: "401 (another token)", server: "wrong" },
  { name: "403 on writes", server: "good", settings: { readOnly: true } },
  {
    name: "429 once",
    server: "good",
    settings: { faults: { rate: 0, count: 1, kinds: ["429"] } },
  },
  {
    name: "500 once",
    server: "good",
    settings: { faults: { rate: 0, count: 1, kinds: ["500"] } },
  },
  {
    name: "reset once",
    server: "good",
    settings: { faults: { rate: 0, count: 1, kinds: ["reset"] } },
  },
  {
    name: "hang once",
    server: "good",
    settings: { faults: { rate: 0, count: 1, kinds: ["hang"] } },
    flags: ["--timeout", "250"],
  },
  {
    name: "503 always",
    server: "good",
    settings: { faults: { rate: 1, kinds: ["503"], retryAfterSeconds: 0 } },
  },
  {
    name: "writes fail (503 on PUT and DELETE)",
    server: "good",
    settings: {
      faults: {
        rate: 1,
        kinds: ["503"],
        methods: ["PUT", "DELETE"],
        retryAfterSeconds: 0,
      },
    },
  },
  {
    name: "creates lost (done-500 or reset on entitlement POSTs)",
    server: "good",
    settings: {
      faults: {
        rate: 1,
        kinds: ["done-500", "reset"],
        methods: ["POST"],
        pathIncludes: "/entitlement",
      },
    },
  },
  ...ECHO_STYLES.map((echo): SiteBehaviour => ({
    name: `error bodies echo the credentials (${echo})`,
    server: "echo",
    echo,
  })),
  {
    // Data outputs are never redacted: plan, drift and export refuse, naming the address.
    name: "the site holds the token (a field option)",
    server: "good",
    seed: {
      ...SEED,
      fields: [
        {
          name: "Region",
          type: "SELECT",
          options: ["AU", "EU", `k=${SENTINEL}`],
        },
        ...SEED.fields!.slice(1),
      ],
    },
  },
];

/** Every command, as a user would type it (the credential flags are added per way). */
export const COMMANDS: readonly (readonly string[])[] = [
  ["validate", "site.yaml"],
  ["validate", "site.yaml", "--format", "json"],
  ["plan", "site.yaml", "--debug"],
  ["plan", "site.yaml", "--debug", "--format", "json", "--out", "plan.json"],
  ["plan", "site.yaml", "--debug", "--format", "markdown"],
  [
    "apply",
    "--plan",
    "plan.json",
    "--debug",
    "--auto-approve",
    "--allow-delete",
    "--format",
    "json",
  ],
  ["apply", "site.yaml", "--debug", "--auto-approve", "--allow-delete"],
  ["drift", "site.yaml", "--debug"],
  ["drift", "site.yaml", "--debug", "--format", "json"],
  ["drift", "site.yaml", "--debug", "--format", "markdown"],
  [
    "export",
    "--debug",
    "--out",
    "exported",
    "--org",
    "Acme",
    "--org",
    "Globex",
  ],
  ["export", "--debug", "--fields-only", "--out", "exported-fields"],
];

/** What a sweep saw. */
export interface SweepResult {
  /** Commands run. */
  runs: number;
  /** Places a secret form was found: `way / behaviour / command: where`. */
  leaks: string[];
  /** Runs that crashed (internal error, stack trace, an unexpected exit code). */
  crashes: string[];
  /** Debug lines written in all (to show the debug paths ran). */
  debugLines: number;
  /** Runs per exit code. */
  exits: Map<number, number>;
}

/** Every file under `dir`, recursively. */
export function filesUnder(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: "utf8" })
    .map((name) => join(dir, name))
    .filter((path) => statSync(path).isFile());
}

/** The servers a sweep talks to. */
export interface SweepSites {
  readonly good: RunningEmulator;
  readonly wrong: RunningEmulator;
  readonly echoUrl: (style: EchoStyle) => string;
  close(): Promise<void>;
}

export async function startSweepSites(): Promise<SweepSites> {
  const good = await startEmulator({
    quiet: true,
    seed: SEED,
    token: SENTINEL,
    hangMs: 1500,
  });
  const wrong = await startEmulator({
    quiet: true,
    seed: SEED,
    token: "another-token-0123456789",
  });
  const echo = await startEchoServer();
  return {
    good,
    wrong,
    echoUrl: echo.baseUrl,
    async close() {
      await Promise.all([good.close(), wrong.close(), echo.close()]);
    },
  };
}

/**
 * Runs `commands` for one way and one behaviour in a fresh directory, and scans everything
 * they printed and wrote.
 */
export async function sweep(
  sites: SweepSites,
  way: CredentialWay,
  behaviour: SiteBehaviour,
  commands: readonly (readonly string[])[],
  result: SweepResult,
): Promise<void> {
  const dir = await mkdtemp(join(tmpdir(), "orgsync-secrets-"));
  try {
    await writeFile(join(dir, "site.yaml"), MANIFEST);
    await writeFile(join(dir, TOKEN_FILE), `${SENTINEL}\n`);
    chmodSync(join(dir, TOKEN_FILE), 0o600);
    const baseUrl =
      behaviour.server === "echo"
        ? sites.echoUrl(behaviour.echo ?? "raw")
        : behaviour.server === "wrong"
          ? sites.wrong.baseUrl
          : sites.good.baseUrl;
    const label = `${way.name} / ${behaviour.name}`;
    const scan = (where: string, text: string): void => {
      if (leaks(text, way.forms)) result.leaks.push(`${label}: ${where}`);
    };
    for (const emu of [sites.good, sites.wrong]) {
      await emu.control.reset(emu === sites.good ? behaviour.seed : undefined);
      emu.control.configure({
        faults: null,
        readOnly: false,
        ...behaviour.settings,
      });
    }
    for (const command of commands) {
      const connects = command[0] !== "validate";
      const argv = [
        ...command,
        ...(connects ? [...way.flags, ...(behaviour.flags ?? [])] : []),
      ];
      let stdout = "";
      let stderr = "";
      const code = await main(argv, {
        stdout: { write: (chunk: string) => (stdout += chunk) },
        stderr: { write: (chunk: string) => (stderr += chunk) },
        env: { ...way.env, ORGSYNC_BASE_URL: baseUrl },
        cwd: dir,
      });
      result.runs += 1;
      result.exits.set(code, (result.exits.get(code) ?? 0) + 1);
      result.debugLines += (stderr.match(/^debug: /gm) ?? []).length;
      const name = command.slice(0, 2).join(" ");
      scan(`${name}: stdout`, stdout);
      scan(`${name}: stderr`, stderr);
      if (
        ![0, 1, 2].includes(code) ||
        /internal error|^\s+at .+:\d+:\d+\)?$/m.test(stderr)
      )
        result.crashes.push(`${label}: ${argv.join(" ")} → ${code}\n${stderr}`);
      // Faults with `count` fail only the first requests: arm them again for each command.
      if (behaviour.settings?.faults?.count !== undefined)
        sites.good.control.configure({ faults: behaviour.settings.faults });
    }
    for (const path of filesUnder(dir)) {
      if (path.endsWith(TOKEN_FILE)) continue;
      scan(`file ${path.slice(dir.length + 1)}`, readFileSync(path, "utf8"));
    }
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

const SENTINEL_TEXT = secretText([SENTINEL]);
/** Any 16 characters in a row of the sentinel: what a cut through it would leave. */
const WINDOWS = Array.from({ length: SENTINEL.length - 15 }, (_, i) =>
  SENTINEL.slice(i, i + 16),
);

/** True when `text` holds the secret in any form, or a piece of it. */
export function leaks(text: string, forms: readonly string[]): boolean {
  return (
    forms.some((form) => text.includes(form)) ||
    SENTINEL_TEXT.holds(text) ||
    WINDOWS.some((window) => text.includes(window))
  );
}

export function emptySweep(): SweepResult {
  return { runs: 0, leaks: [], crashes: [], debugLines: 0, exits: new Map() };
}
