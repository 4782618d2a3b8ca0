/**
 * `orgsync emulator --state-from-manifests PATH`: the emulator starts as the site the manifests
 * describe (converted by the CLI through the loader), so a plan of the same manifests is empty.
 */
import {
  cp,
  mkdtemp,
  readdir,
  readFile,
  rm,
  writeFile,
} from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";

import { afterEach, beforeEach, describe, expect, it } from "vitest";

import { runCli, type CliRun } from "./helpers/run-cli.js";
import { startEmulatorCommand } from "./helpers/cli-rig.js";

const ROOT = join(import.meta.dirname, "../..");

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), "orgsync-emu-seed-"));
  await cp(join(ROOT, "examples/orgsync"), join(dir, "orgsync"), {
    recursive: true,
  });
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** Runs `orgsync emulator ARGV` in-process until `use(baseUrl)` is done, then stops it. */
async function withEmulator(
  argv: string[],
  use: (baseUrl: string) => Promise<void>,
): Promise<CliRun> {
  const started = await startEmulatorCommand(["emulator", ...argv], {
    cwd: dir,
  });
  if (!("baseUrl" in started)) return started;
  let stopped: Promise<CliRun> | undefined;
  try {
    await use(started.baseUrl);
  } finally {
    stopped = started.stop();
  }
  return stopped;
}

/** Every file below `root`, by relative path, with its text. */
async function filesUnder(root: string): Promise<Record<string, string>> {
  const entries = await readdir(root, { recursive: true, withFileTypes: true });
  const files: Record<string, string> = {};
  for (const entry of entries.filter((e) => e.isFile())) {
    const path = join(entry.parentPath, entry.name);
    files[path.slice(root.length + 1)] = await readFile(path, "utf8");
  }
  return files;
}

const plan = (baseUrl: string, ...args: string[]) =>
  runCli(["plan", ...args, "--detailed-exitcode"], {
    env: { ORGSYNC_BASE_URL: baseUrl, ORGSYNC_TOKEN: "dev" },
    cwd: dir,
  });

describe("orgsync emulator --state-from-manifests", () => {
  it("starts as the site the manifests describe: their plan is empty", async () => {
    let planned: CliRun | undefined;
    const run = await withEmulator(
      ["--state-from-manifests", "orgsync"],
      async (baseUrl) => {
        planned = await plan(baseUrl, "orgsync");
      },
    );
    expect(run.stderr).toContain("seeded from the manifests");
    expect(run.code, run.stderr).toBe(0);
    expect(planned?.stderr).toBe("");
    expect(planned?.stdout).toContain("No changes");
    expect(planned?.code).toBe(0);
  });

  it("seeds the service desks the manifests name, by key or id, with their organizations linked", async () => {
    await writeFile(
      join(dir, "orgsync/desks.yaml"),
      "apiVersion: orgsync/v1\nkind: Organizations\norganizations:\n  - name: Desk One\n    serviceDesks: [SUP, 7]\n  - name: Desk Two\n    serviceDesks: [7]\n",
    );
    let planned: CliRun | undefined;
    const run = await withEmulator(
      ["--state-from-manifests", "orgsync"],
      async (baseUrl) => {
        planned = await plan(baseUrl, "orgsync");
      },
    );
    expect(run.code, run.stderr).toBe(0);
    expect(planned?.stdout).toContain("No changes");
    expect(planned?.code, planned?.stderr).toBe(0);
  });

  it("seeds from an export directory: export → seed → export again writes the same files", async () => {
    const first = await withEmulator(
      ["--state-from-manifests", "orgsync"],
      async (baseUrl) => {
        const env = { ORGSYNC_BASE_URL: baseUrl, ORGSYNC_TOKEN: "dev" };
        await writeFile(
          join(dir, "names.txt"),
          "Acme Corp\nGlobex Corporation\nKangaroo Banking Group\n",
        );
        const exported = await runCli(
          ["export", "--from-file", "names.txt", "--out", "adopted"],
          { env, cwd: dir },
        );
        expect(exported.code, exported.stderr).toBe(0);
      },
    );
    expect(first.code, first.stderr).toBe(0);
    const second = await withEmulator(
      ["--state-from-manifests", "adopted"],
      async (baseUrl) => {
        const planned = await plan(baseUrl, "adopted");
        expect(planned.stdout).toContain("No changes");
        expect(planned.code, planned.stderr).toBe(0);
        const again = await runCli(
          ["export", "--from-file", "names.txt", "--out", "again"],
          {
            env: { ORGSYNC_BASE_URL: baseUrl, ORGSYNC_TOKEN: "dev" },
            cwd: dir,
          },
        );
        expect(again.code, again.stderr).toBe(0);
        expect(await filesUnder(join(dir, "again"))).toEqual(
          await filesUnder(join(dir, "adopted")),
        );
      },
    );
    expect(second.code, second.stderr).toBe(0);
  });

  it("refuses a detail key no DetailFields document declares, naming where, before listening", async () => {
    await writeFile(
      join(dir, "loose.yaml"),
      "apiVersion: orgsync/v1\nkind: Organization\nname: Loose\ndetails:\n  Colour: Blue\n",
    );
    const run = await withEmulator(
      ["--state-from-manifests", "loose.yaml"],
      () => Promise.reject(new Error("the emulator should not have started")),
    );
    expect(run.code).toBe(1);
    expect(run.stdout).toBe("");
    expect(run.stderr).toContain('loose.yaml:5:3: "Colour" of "Loose"');
    expect(run.stderr).not.toMatch(/\n\s+at /);
  });

  it("refuses a product detail key no entitlement DetailFields document declares, naming where", async () => {
    await writeFile(
      join(dir, "loose.yaml"),
      "apiVersion: orgsync/v1\nkind: Organization\nname: Loose\nproducts:\n  - name: Acme Widget\n    details: { Tier: Gold }\n",
    );
    const run = await withEmulator(
      ["--state-from-manifests", "loose.yaml"],
      () => Promise.reject(new Error("the emulator should not have started")),
    );
    expect(run.code).toBe(1);
    expect(run.stdout).toBe("");
    expect(run.stderr).toContain(
      'loose.yaml:6:16: entitlement field "Tier" of "Acme Widget" in "Loose"',
    );
  });

  it("refuses invalid manifests with the loader's located errors, and --state beside it", async () => {
    await writeFile(
      join(dir, "bad.yaml"),
      "apiVersion: orgsync/v1\nkind: Organisation\nname: Typo\n",
    );
    const bad = await withEmulator(["--state-from-manifests", "bad.yaml"], () =>
      Promise.resolve(),
    );
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/bad\.yaml:2:\d+/);
    const both = await withEmulator(
      ["--state-from-manifests", "orgsync", "--state", "site.yaml"],
      () => Promise.resolve(),
    );
    expect(both.code).toBe(1);
    expect(both.stderr).toContain("give one of them");
  });
});
