import { afterEach, describe, expect, it } from "vitest";

import type { EmulatorSeed } from "../../src/emulator/index.js";
import {
  readDetailFields,
  readLive,
  readOrganizations,
  type ReadProgress,
} from "../../src/live/index.js";
import type { Desired, DesiredOrganization } from "../../src/model/index.js";
import { startRig, type Rig } from "../api/helpers/emulator-client.js";
import { seededRandom } from "../emulator/helpers.js";
import { isProductId } from "../../src/model/index.js";

const at = { file: "orgsync/orgs.yaml", line: 1, column: 1 };

function org(
  name: string,
  extra: Partial<Omit<DesiredOrganization, "products">> & {
    products?: string[];
  } = {},
): DesiredOrganization {
  const { products, ...rest } = extra;
  return {
    name,
    previousNames: [],
    ensure: "present",
    details: [],
    pruneProducts: false,
    source: at,
    ...(products === undefined
      ? {}
      : { products: { items: products, source: at } }),
    ...rest,
  };
}

function desiredOf(organizations: DesiredOrganization[]): Desired {
  return {
    fields: { declared: false, prune: false, items: [] },
    organizations,
  };
}

const names = (n: number, prefix = "Org"): string[] =>
  Array.from(
    { length: n },
    (_, i) => `${prefix} ${String(i).padStart(4, "0")}`,
  );

const FIELDS: EmulatorSeed["fields"] = [
  { name: "Region", type: "SELECT", options: ["AU", "EU", "US"] },
  { name: "Notes", type: "TEXT" },
];

let rig: Rig | undefined;
afterEach(async () => {
  await rig?.close();
  rig = undefined;
});

describe("readLive request count", () => {
  it.each([0, 1, 25, 26, 1000])(
    "reads %i organizations in 1 + ceil(N/25) requests",
    async (n) => {
      rig = await startRig({
        seed: {
          fields: FIELDS,
          organizations: names(n).map((name) => ({
            name,
            details: { Region: "EU" },
          })),
        },
      });
      const live = await readLive(
        rig.client,
        desiredOf(names(n).map((name) => org(name))),
      );
      expect(live.organizations).toHaveLength(n);
      expect(live.fields).toHaveLength(2);
      expect(live.products).toBeUndefined();
      const calls = rig.requests().map((r) => r.call);
      expect(calls).toHaveLength(1 + Math.ceil(n / 25));
      expect(
        calls.filter((c) => c === "GET organization/details"),
      ).toHaveLength(1);
      expect(
        calls.filter((c) => c === "POST organization/profile/fetch"),
      ).toHaveLength(Math.ceil(n / 25));
    },
  );

  it("counts previous names, once per case-insensitive trimmed name", async () => {
    rig = await startRig({ seed: { fields: FIELDS } });
    const desired = desiredOf(
      names(20).map((name) =>
        org(name, {
          previousNames: [`Old ${name}`, ` ${name.toUpperCase()} `],
        }),
      ),
    );
    await readLive(rig.client, desired);
    const fetches = rig
      .requests()
      .filter((r) => r.call === "POST organization/profile/fetch");
    // 20 names + 20 previous names = 40 distinct → 2 batches.
    expect(fetches).toHaveLength(2);
  });

  it("reads the product list only when a manifest names a product by name", async () => {
    const products = names(250, "Product").map((name) => ({ name }));
    rig = await startRig({
      seed: {
        fields: FIELDS,
        products,
        organizations: [{ name: "Acme", products: ["Product 0007"] }],
      },
    });
    const productId = rig.emu.control.state().products[7]!.id;
    expect(isProductId(productId)).toBe(true);

    const byId = await readLive(
      rig.client,
      desiredOf([org("Acme", { products: [productId] })]),
    );
    expect(byId.products).toBeUndefined();
    expect(rig.requests().some((r) => r.call.startsWith("GET product"))).toBe(
      false,
    );

    rig.emu.control.clearRequests();
    const byName = await readLive(
      rig.client,
      desiredOf([org("Acme", { products: [productId, "Product 0100"] })]),
    );
    expect(byName.products).toHaveLength(250);
    expect(byName.products).toContainEqual({
      id: productId,
      name: "Product 0007",
    });
    const calls = rig.requests().map((r) => r.call);
    expect(calls.filter((c) => c.startsWith("GET product"))).toHaveLength(3);
    expect(
      calls.filter((c) => c.startsWith("GET product?limit=100")),
    ).toHaveLength(3);
    expect(calls).toHaveLength(1 + 1 + 3);
  });
});

describe("readLive results", () => {
  it("normalises profiles and matches names whatever their case and spacing", async () => {
    rig = await startRig({
      seed: {
        fields: FIELDS,
        products: [{ name: "Widget" }],
        organizations: [
          {
            name: "Acme Corp",
            details: { Region: ["EU"], Notes: "Key account" },
            products: ["Widget"],
            customers: ["qm:1:abc"],
          },
          { name: "Renamed Ltd" },
          { name: "Not Asked For" },
        ],
      },
    });
    const live = await readLive(
      rig.client,
      desiredOf([
        org("  acme CORP "),
        org("Renamed Again", { previousNames: ["renamed ltd"] }),
        org("Missing Inc"),
      ]),
    );
    const state = rig.emu.control.state();
    const widget = state.products[0]!;
    const acme = state.organizations.find((o) => o.name === "Acme Corp")!;
    expect(live.organizations).toHaveLength(2);
    expect(live.organizations.find((o) => o.name === "Acme Corp")).toEqual({
      id: acme.id,
      name: "Acme Corp",
      details: expect.arrayContaining([
        { name: "Region", type: "SELECT", values: ["EU"] },
        { name: "Notes", type: "TEXT", values: ["Key account"] },
      ]),
      entitlements: [
        {
          id: acme.entitlementIds[widget.id],
          productId: widget.id,
          productName: "Widget",
        },
      ],
      customers: ["qm:1:abc"],
    });
    expect(live.organizations.map((o) => o.name)).toContain("Renamed Ltd");
    expect(live.fields).toEqual([
      {
        name: "Region",
        type: "SELECT",
        options: ["AU", "EU", "US"],
        position: 1,
      },
      { name: "Notes", type: "TEXT", position: 2 },
    ]);
  });

  it("reports progress in requests, ending at the total", async () => {
    rig = await startRig({ seed: { fields: FIELDS } });
    const seen: ReadProgress[] = [];
    await readLive(rig.client, desiredOf(names(60).map((n) => org(n))), {
      onProgress: (p) => seen.push(p),
    });
    expect(seen).toHaveLength(4);
    expect(seen.map((p) => p.done)).toEqual([1, 2, 3, 4]);
    expect(seen.every((p) => p.total === 4)).toBe(true);
    expect(seen.filter((p) => p.phase === "organizations")).toHaveLength(3);
    expect(seen.filter((p) => p.phase === "fields")).toHaveLength(1);
  });

  it("keeps at most `concurrency` requests in flight, and uses them", async () => {
    rig = await startRig({
      seed: { fields: FIELDS },
      latency: { fixedMs: 30 },
    });
    await readLive(rig.client, desiredOf(names(300).map((n) => org(n))), {
      concurrency: 3,
    });
    const spans = rig
      .requests()
      .map((r) => [r.startedAtMs, r.startedAtMs + r.durationMs] as const);
    const overlap = Math.max(
      ...spans.map(
        ([start]) => spans.filter(([s, e]) => s <= start && start < e).length,
      ),
    );
    expect(overlap).toBe(3);
  });

  it("reads the same state through random faults as without them", async () => {
    const seed: EmulatorSeed = {
      fields: FIELDS,
      organizations: names(200).map((name, i) => ({
        name,
        details: { Region: ["AU", "EU", "US"][i % 3]!, Notes: `note ${i}` },
      })),
    };
    rig = await startRig({ seed });
    const desired = desiredOf(names(200).map((n) => org(n)));
    const clean = await readLive(rig.client, desired);
    await rig.close();
    rig = await startRig(
      // Seeded, so the run is the same every time: this sequence faults the first requests.
      {
        seed,
        faults: { rate: 0.3, kinds: ["500", "reset"] },
        random: seededRandom(7),
      },
      { retry: { maxAttempts: 10, baseDelayMs: 5, maxDelayMs: 50 } },
    );
    const faulty = await readLive(rig.client, desired);
    expect(rig.requests().some((r) => r.fault !== undefined)).toBe(true);
    const byName = (o: { name: string }, p: { name: string }): number =>
      o.name.localeCompare(p.name);
    expect([...faulty.organizations].sort(byName)).toEqual(
      [...clean.organizations].sort(byName),
    );
    expect(faulty.fields).toEqual(clean.fields);
  });
});

describe("readOrganizations and readDetailFields", () => {
  it("look up ids and names together, 25 to a request, omitting what does not exist", async () => {
    rig = await startRig({
      seed: {
        fields: FIELDS,
        organizations: names(40).map((name) => ({ name })),
      },
    });
    const state = rig.emu.control.state();
    const ids = state.organizations.slice(0, 30).map((o) => o.id);
    const found = await readOrganizations(
      rig.client,
      {
        ids: [...ids, "99999", ids[0]!],
        names: ["org 0035", "Org 0036 ", "Nobody"],
      },
      { concurrency: 2 },
    );
    expect(found.map((o) => o.name).sort()).toEqual(
      [...names(30), "Org 0035", "Org 0036"].sort(),
    );
    expect(rig.requests()).toHaveLength(2);

    rig.emu.control.clearRequests();
    expect(await readOrganizations(rig.client, {})).toEqual([]);
    expect(rig.requests()).toHaveLength(0);
    expect((await readDetailFields(rig.client)).map((f) => f.name)).toEqual([
      "Region",
      "Notes",
    ]);
  });

  it("stop when the signal aborts", async () => {
    rig = await startRig({
      seed: { fields: FIELDS },
      latency: { fixedMs: 50 },
    });
    const controller = new AbortController();
    const reason = new Error("interrupted");
    setTimeout(() => controller.abort(reason), 80);
    await expect(
      readLive(rig.client, desiredOf(names(2000).map((n) => org(n))), {
        signal: controller.signal,
        concurrency: 2,
      }),
    ).rejects.toBe(reason);
    expect(rig.requests().length).toBeLessThan(10);
  });
});
