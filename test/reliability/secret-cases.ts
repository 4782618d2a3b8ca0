/**
 * The cases of the secret sweep (secret-sweep.ts): the sentinel token, every way of giving
 * it, every way the site behaves, and every command.
 */
import { randomUUID } from "node:crypto";

import type {
  EmulatorSeed,
  EmulatorSettingsPatch,
} from "../../src/emulator/index.js";
import { ECHO_STYLES, type EchoStyle } from "./echo-server.js";

/** A fresh secret per run, long enough that the redactor treats it as a secret anywhere. */
export const SENTINEL = `SENTINEL-${randomUUID()}`;
export const EMAIL = "bot@example.com";
export const TOKEN_FILE = "token.txt";

export const SEED: EmulatorSeed = {
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
  ["plan", "site.yaml", "--debug", "--record", "plan.record.jsonl"],
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
  [
    "apply",
    "site.yaml",
    "--debug",
    "--auto-approve",
    "--allow-delete",
    "--record",
    "apply.record.jsonl",
  ],
  ["drift", "site.yaml", "--debug", "--record", "drift.record.jsonl"],
  ["doctor", "--record", "doctor.record.jsonl"],
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
  [
    "export",
    "--debug",
    "--fields-only",
    "--out",
    "exported-fields",
    "--record",
    "export.record.jsonl",
  ],
];
