import {
  chmod,
  mkdir,
  mkdtemp,
  readdir,
  readFile,
  rm,
  stat,
  writeFile,
} from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";

import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { parse as parseYaml } from "yaml";

import {
  EmulatorConfigError,
  EmulatorSeedError,
  startEmulator,
  type EmulatorSnapshot,
  type RunningEmulator,
} from "../../src/emulator/index.js";
import { call, errorText, seededRandom, startTestEmulator } from "./helpers.js";
import type { WireOrganizationRef, WireProfile } from "./wire-types.js";

const YAML_SEED = `
# a rehearsal of the example site
fields:
  - { name: Region, type: SELECT, options: [AU, EU, US] }
  - { name: Renewal date, type: DATE }
products:
  - name: Acme Widget
organizations:
  - name: Acme Corp
    details: { Region: EU, Renewal date: "2027-01-31" }
    products: [Acme Widget]
    customers: ["qm:1"]
  - name: Globex
`;

let dir: string;
const running: RunningEmulator[] = [];
const start = async (options: Parameters<typeof startEmulator>[0]) => {
  const emulator = await startTestEmulator(options);
  running.push(emulator);
  return emulator;
};

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), "orgsync-emulator-"));
});
afterEach(async () => {
  await Promise.all(running.splice(0).map((e) => e.close()));
  await rm(dir, { recursive: true, force: true });
});

describe("seeds", () => {
  it("loads a YAML seed file: fields, products, organizations with details and products", async () => {
    const file = join(dir, "site.yaml");
    await writeFile(file, YAML_SEED);
    const emulator = await start({ stateFile: file });
    const profile = await call<{ profiles: WireProfile[] }>(
      emulator,
      "POST",
      "organization/profile/fetch",
      {
        body: { organizationNames: ["acme corp"] },
      },
    );
    expect(profile.body.profiles[0]).toMatchObject({
      id: "1",
      name: "Acme Corp",
      details: [
        { name: "Region", value: { type: "SELECT", text: ["EU"] } },
        { name: "Renewal date", value: { type: "DATE", text: ["2027-01-31"] } },
      ],
      entitlements: [{ product: { name: "Acme Widget" } }],
      customers: [{ id: "qm:1" }],
    });
  });

  it("loads the same seed from JSON", async () => {
    const file = join(dir, "site.json");
    await writeFile(file, JSON.stringify(parseYaml(YAML_SEED)));
    const emulator = await start({ stateFile: file, random: seededRandom(1) });
    const other = await start({
      seed: parseYaml(YAML_SEED),
      random: seededRandom(1),
    });
    expect(emulator.control.state()).toEqual(other.control.state());
  });

  it("reports a broken seed with where and why, before listening", async () => {
    const cases: [unknown, RegExp][] = [
      [
        { organizations: [{ name: "A", details: { Nope: "x" } }] },
        /\/organizations\/0: No organization detail field named "Nope"/,
      ],
      [
        {
          fields: [{ name: "R", type: "SELECT", options: ["a"] }],
          organizations: [{ name: "A", details: { R: "b" } }],
        },
        /\/organizations\/0: values: "b" is not an option/,
      ],
      [
        { organizations: [{ name: "A" }, { name: " a " }] },
        /\/organizations\/1: name: An organization named "a" already exists/,
      ],
      [
        { organizations: [{ name: "A", products: ["Nope"] }] },
        /neither the id nor the name of a product/,
      ],
      [
        { fields: [{ name: "R", type: "TEXT", opts: [] }] },
        /\/fields\/0 must NOT have additional properties: "opts"/,
      ],
    ];
    for (const [seed, message] of cases) {
      const failure = await startEmulator({ seed: seed as never }).catch(
        (e: unknown) => e,
      );
      expect(failure).toBeInstanceOf(EmulatorSeedError);
      expect((failure as Error).message).toMatch(message);
    }
  });

  it("refuses a missing state file unless it is to be created (--persist)", async () => {
    const file = join(dir, "missing.yaml");
    await expect(startEmulator({ stateFile: file })).rejects.toThrow(
      /does not exist/,
    );
    await expect(startEmulator({ persist: true })).rejects.toThrow(
      EmulatorConfigError,
    );
    const emulator = await start({ stateFile: file, persist: true });
    expect(emulator.control.state().organizations).toEqual([]);
    expect(parseYaml(await readFile(file, "utf8"))).toMatchObject({
      organizations: [],
    });
  });

  it("snapshots in the seed format, ids and all, so a snapshot re-seeds the same state", async () => {
    const emulator = await start({ seed: parseYaml(YAML_SEED) });
    await call(emulator, "POST", "organization/2/entitlement", {
      body: { productId: emulator.control.state().products[0]!.id },
    });
    const snapshot = emulator.control.state();
    const copy = await start({ seed: snapshot });
    expect(copy.control.state()).toEqual(snapshot);
    const a = await call(emulator, "GET", "organization/profile/2");
    const b = await call(copy, "GET", "organization/profile/2");
    expect(b.body).toEqual(a.body);
    expect(
      (
        await call<WireOrganizationRef>(copy, "POST", "organization", {
          body: { name: "New" },
        })
      ).body.id,
    ).toBe("3");
  });

  it("reset() returns to the starting state, reset(seed) to another", async () => {
    const emulator = await start({ seed: parseYaml(YAML_SEED) });
    const before = emulator.control.state();
    await call(emulator, "DELETE", "organization/1");
    await call(emulator, "DELETE", "organization/details/Region");
    await emulator.control.reset();
    expect(emulator.control.state()).toEqual(before);
    await emulator.control.reset({ fields: [{ name: "Tier", type: "TEXT" }] });
    expect(emulator.control.state()).toEqual({
      fields: [{ id: "1000", name: "Tier", type: "TEXT" }],
      products: [],
      organizations: [],
    });
  });
});

describe("persistence", () => {
  it("writes every change before answering it, so a restart resumes the rehearsal", async () => {
    const file = join(dir, "rehearsal.json");
    await writeFile(file, JSON.stringify(parseYaml(YAML_SEED)));
    const first = await start({ stateFile: file, persist: true });
    await call(first, "POST", "organization", { body: { name: "Hooli" } });
    // Read straight after the answer: the change is already on disk.
    const onDisk = JSON.parse(await readFile(file, "utf8")) as EmulatorSnapshot;
    expect(onDisk.organizations.map((o) => o.name)).toEqual([
      "Acme Corp",
      "Globex",
      "Hooli",
    ]);
    await call(first, "PUT", "organization/1/details?fieldName=Region", {
      body: { values: ["US"] },
    });
    await call(first, "DELETE", "organization/2");
    const state = first.control.state();
    await first.close();

    const second = await start({ stateFile: file, persist: true });
    expect(second.control.state()).toEqual(state);
    expect(
      (
        await call<WireOrganizationRef>(second, "POST", "organization", {
          body: { name: "Initech" },
        })
      ).body.id,
    ).toBe("4");
    expect(await readdir(dir)).toEqual(["rehearsal.json"]);
  });

  it("persists YAML state files as YAML, and reads are never written", async () => {
    const file = join(dir, "site.yml");
    await writeFile(file, YAML_SEED);
    const emulator = await start({ stateFile: file, persist: true });
    const written = await readFile(file, "utf8");
    expect(written).not.toMatch(/^\{/);
    await call(emulator, "GET", "organization/1");
    await call(emulator, "POST", "organization/fetch", {
      body: { organizationIds: ["1"] },
    });
    expect(await readFile(file, "utf8")).toBe(written);
    await call(emulator, "PUT", "organization/1", {
      body: { name: "Acme Inc" },
    });
    expect(parseYaml(await readFile(file, "utf8")).organizations[0].name).toBe(
      "Acme Inc",
    );
  });

  it("keeps the state file's mode when it rewrites it", async () => {
    const file = join(dir, "private.json");
    await writeFile(file, JSON.stringify(parseYaml(YAML_SEED)), {
      mode: 0o600,
    });
    await chmod(file, 0o600);
    const emulator = await start({ stateFile: file, persist: true });
    await call(emulator, "POST", "organization", { body: { name: "Hooli" } });
    expect((await stat(file)).mode & 0o777).toBe(0o600);
    expect(await readdir(dir)).toEqual(["private.json"]);
  });

  it("keeps every one of many concurrent writes (group commit)", async () => {
    const file = join(dir, "busy.json");
    const emulator = await start({ stateFile: file, persist: true });
    const replies = await Promise.all(
      Array.from({ length: 100 }, (_, i) =>
        call(emulator, "POST", "organization", { body: { name: `Org ${i}` } }),
      ),
    );
    expect(replies.every((r) => r.status === 200)).toBe(true);
    const onDisk = JSON.parse(await readFile(file, "utf8"));
    expect(onDisk.organizations).toHaveLength(100);
  });

  it("answers 500 when the state cannot be written", async () => {
    const folder = join(dir, "gone");
    await mkdir(folder);
    const emulator = await start({
      stateFile: join(folder, "state.json"),
      persist: true,
    });
    await rm(folder, { recursive: true });
    const reply = await call(emulator, "POST", "organization", {
      body: { name: "Hooli" },
    });
    expect(reply.status).toBe(500);
    expect(errorText(reply)).toMatch(/cannot write the emulator state/);
    expect(emulator.control.requests()[0]!.status).toBe(500);
  });
});
