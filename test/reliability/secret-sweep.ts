/**
 * A sentinel token through every command (demo excepted), every way credentials can be
 * given, with `--debug` on, against the emulator failing in every way it can, against a
 * server that echoes the credentials back in its error bodies in every encoding (raw, across
 * the 500-character cut, percent-encoded, HTML entities, Base64: echo-server.ts), and
 * against a site whose data holds the token. The sentinel, in any form it could be written
 * (plain, encoded, Base64 inside Basic auth or of any text holding it) or any 16 characters
 * of it, must never appear on stdout, stderr, or in any file a command wrote (saved plans,
 * Markdown, exported manifests, `--record` transcripts).
 *
 * The real CLI runs in-process (`main(argv, io)`) with its own environment and working
 * directory. Functions return findings rather than asserting, so the vitest suite and
 * `npm run soak` share them.
 */
import { chmodSync, readdirSync, readFileSync, statSync } from "node:fs";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";

import { main } from "../../src/cli/main.js";
import {
  startEmulator,
  type RunningEmulator,
} from "../../src/emulator/index.js";
import { holdsSecret } from "./output-checks.js";
import {
  MANIFEST,
  SEED,
  SENTINEL,
  TOKEN_FILE,
  type CredentialWay,
  type SiteBehaviour,
} from "./secret-cases.js";

export {
  BEHAVIOURS,
  COMMANDS,
  EMAIL,
  MANIFEST,
  SENTINEL,
  WAYS,
  type CredentialWay,
  type SiteBehaviour,
} from "./secret-cases.js";
import { startEchoServer, type EchoStyle } from "./echo-server.js";

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
  /** `--record` files written and scanned (to show the recording paths ran). */
  recordFiles: number;
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
      if (path.endsWith(".record.jsonl")) result.recordFiles += 1;
      scan(`file ${path.slice(dir.length + 1)}`, readFileSync(path, "utf8"));
    }
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** True when `text` holds the sentinel in any form or encoding, or a piece of it. */
export function leaks(text: string, forms: readonly string[]): boolean {
  return holdsSecret(text, SENTINEL, [SENTINEL, ...forms]);
}

export function emptySweep(): SweepResult {
  return {
    runs: 0,
    leaks: [],
    crashes: [],
    debugLines: 0,
    exits: new Map(),
    recordFiles: 0,
  };
}
