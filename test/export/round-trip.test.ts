import { readFile, mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { afterEach, describe, expect, it } from "vitest";

import { applyPlan } from "../../src/apply/index.js";
import type { CsmClient } from "../../src/api/index.js";
import type { EmulatorSeed } from "../../src/emulator/index.js";
import {
  exportManifests,
  readExportSource,
  writeExportFiles,
} from "../../src/export/index.js";
import { readLive } from "../../src/live/index.js";
import { loadManifests } from "../../src/manifest/index.js";
import type { Desired } from "../../src/model/index.js";
import { plan } from "../../src/plan/plan.js";
import { startRig, type Rig } from "../api/helpers/emulator-client.js";
import { generatedSite } from "./helpers/generated-site.js";

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "../..");
const OPTIONS = {
  now: "2026-05-01T00:00:00.000Z",
  orgsyncVersion: "test",
  target: { baseUrl: "http://emulator/" },
};

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0)) await cleanup();
});

async function rigWith(seed: EmulatorSeed): Promise<Rig> {
  const rig = await startRig({ seed });
  cleanups.push(() => rig.close());
  return rig;
}

async function load(paths: string[], cwd: string): Promise<Desired> {
  const result = await loadManifests(paths, { cwd, env: {} });
  if (!result.ok) {
    throw new Error(
      result.issues
        .map((i) => `${i.file}:${i.line}:${i.column} ${i.message}`)
        .join("\n"),
    );
  }
  return result.value;
}

async function planAgainst(client: CsmClient, desired: Desired) {
  return plan(desired, await readLive(client, desired), OPTIONS);
}

/** Exports the named organizations into a fresh directory; returns it. */
async function exportTo(client: CsmClient, names: string[]): Promise<string> {
  const out = await mkdtemp(join(tmpdir(), "orgsync-export-"));
  cleanups.push(() => rm(out, { recursive: true, force: true }));
  const read = await readExportSource(client, { names });
  expect(read.missing).toEqual([]);
  const result = exportManifests(read.source, {
    schema: { url: "https://example.test/s.json" },
  });
  await writeExportFiles(out, result.files);
  return out;
}

describe("export round trip", () => {
  it("plans no change on the examples' site after they were applied", async () => {
    const seed = JSON.parse(
      await readFile(join(ROOT, "examples/emulator-seed.json"), "utf8"),
    ) as EmulatorSeed;
    const rig = await rigWith(seed);
    const examples = await load(["examples/orgsync"], ROOT);
    const applied = await applyPlan(
      await planAgainst(rig.client, examples),
      rig.client,
    );
    expect(
      applied.results.filter((result) => result.status !== "applied"),
    ).toEqual([]);
    expect((await planAgainst(rig.client, examples)).changes).toEqual([]);

    const names = examples.organizations
      .filter((org) => org.ensure === "present")
      .map((org) => org.name);
    const out = await exportTo(rig.client, names);
    const exported = await load([out], out);
    expect(exported.organizations).toHaveLength(names.length);
    const again = await planAgainst(rig.client, exported);
    expect(again.changes).toEqual([]);
    expect(again.unsupported).toEqual([]);
  });

  it("plans no change on a generated site of 1,000 organizations", async () => {
    const seed = generatedSite(1000);
    const rig = await rigWith(seed);
    const names = seed.organizations!.map((org) => org.name);
    const out = await exportTo(rig.client, names);
    const exported = await load([out], out);
    expect(exported.organizations).toHaveLength(1000);
    expect(exported.fields.items).toHaveLength(seed.fields!.length);
    const again = await planAgainst(rig.client, exported);
    expect(again.changes).toEqual([]);
    expect(again.unsupported).toEqual([]);
  });
});
