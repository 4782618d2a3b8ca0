/**
 * The applier with the real client, live reader and planner against the real emulator over
 * loopback HTTP: convergence, writes = changes, lost answers, stale plans.
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";

import { createClient, type CsmClient } from "../../src/api/index.js";
import { applyPlan, buildSteps, checkStale } from "../../src/apply/index.js";
import {
  startEmulator,
  type EmulatorSeed,
  type RunningEmulator,
} from "../../src/emulator/index.js";
import { readLive } from "../../src/live/index.js";
import type {
  Desired,
  DesiredField,
  DesiredOrganization,
} from "../../src/model/index.js";
import { plan as makePlan } from "../../src/plan/plan.js";
import type { Plan } from "../../src/plan/types.js";

const at = { file: "test.yaml", line: 1, column: 1 };

const field = (
  name: string,
  type: string,
  options?: string[],
  previousNames: string[] = [],
): DesiredField => ({
  name,
  type,
  previousNames,
  source: at,
  ...(options ? { options } : {}),
});

const org = (
  name: string,
  details: Record<string, string>,
  extra: Partial<DesiredOrganization> = {},
): DesiredOrganization => ({
  name,
  previousNames: [],
  ensure: "present",
  pruneProducts: false,
  source: at,
  details: Object.entries(details).map(([key, value]) => ({
    name: key,
    values: [value],
    source: at,
  })),
  ...extra,
});

const SEED: EmulatorSeed = {
  fields: [
    { name: "Level", type: "SELECT", options: ["Gold", "Silver"] },
    { name: "Region", type: "SELECT", options: ["AU", "EU"] },
  ],
  products: [{ name: "Acme Widget" }, { name: "Acme Gadget" }],
  organizations: [
    { name: "ACME Inc", details: { Level: "Gold", Region: "EU" } },
    { name: "Initech", details: { Region: "AU" } },
  ],
};

const DESIRED: Desired = {
  fields: {
    declared: true,
    prune: false,
    items: [
      field("Region", "SELECT", ["AU", "EU", "US"]),
      field("Tier", "SELECT", ["Gold", "Silver", "Bronze"], ["Level"]),
      field("Renewal date", "DATE"),
    ],
  },
  organizations: [
    org(
      "Acme Corp",
      { Region: "EU", Tier: "Bronze", "Renewal date": "2027-01-31" },
      {
        previousNames: ["ACME Inc"],
        products: { items: ["Acme Widget"], source: at },
      },
    ),
    org(
      "Globex",
      { Region: "US", Tier: "Gold" },
      { products: { items: ["Acme Gadget"], source: at } },
    ),
    org("Initech", { Region: "US" }),
    org("Umbrella", {}),
  ],
};

let emu: RunningEmulator;
let client: CsmClient;

beforeEach(async () => {
  emu = await startEmulator({
    quiet: true,
    seed: SEED,
    token: "t0ken-for-tests",
  });
  client = createClient({
    baseUrl: emu.baseUrl,
    auth: { kind: "bearer", token: "t0ken-for-tests" },
    retry: { baseDelayMs: 10, maxDelayMs: 50 },
  });
});
afterEach(() => emu.close());

async function planNow(desired: Desired = DESIRED): Promise<Plan> {
  const live = await readLive(client, desired);
  return makePlan(desired, live, {
    now: "2026-01-01T00:00:00.000Z",
    orgsyncVersion: "test",
    target: { baseUrl: client.baseUrl },
  });
}

const writes = () => emu.control.requests().filter((r) => r.write);

describe("applyPlan against the emulator", () => {
  it("converges in exactly as many writes as changes, and a second plan is empty", async () => {
    const plan = await planNow();
    expect(plan.changes.length).toBeGreaterThanOrEqual(8);
    emu.control.clearRequests();

    const report = await applyPlan(plan, client);
    expect(report.summary).toEqual({
      applied: plan.changes.length,
      failed: 0,
      skipped: 0,
    });
    const requests = emu.control.requests();
    expect(requests.filter((r) => r.write)).toHaveLength(plan.changes.length);
    expect(requests.filter((r) => !r.write)).toEqual([]);

    expect((await planNow()).changes).toEqual([]);
    const state = emu.control.state();
    expect(state.organizations.map((o) => o.name).sort()).toEqual([
      "Acme Corp",
      "Globex",
      "Initech",
      "Umbrella",
    ]);
  });

  it("makes no duplicate when every create is done but answered 500", async () => {
    const plan = await planNow();
    const creates = plan.changes.filter((c) => c.action === "create").length;
    expect(creates).toBeGreaterThanOrEqual(3);
    emu.control.clearRequests();
    // Each create's first send is carried out and answered 500: the fault is armed for
    // exactly the next POST as the create starts (one change at a time, so it is that one).
    const report = await applyPlan(plan, client, {
      concurrency: 1,
      onEvent: (event) => {
        if (event.type === "change-start" && event.action === "create") {
          emu.control.configure({
            faults: {
              rate: 1,
              kinds: ["done-500"],
              methods: ["POST"],
              count: 1,
            },
          });
        }
      },
    });
    emu.control.configure({ faults: null });

    expect(report.results.filter((r) => r.status !== "applied")).toEqual([]);
    const recovered = report.results.filter((r) => r.recovered === true);
    expect(recovered.length).toBe(creates);
    const names = emu.control.state().organizations.map((o) => o.name);
    expect(names.filter((n) => n === "Globex")).toHaveLength(1);
    expect(names.filter((n) => n === "Umbrella")).toHaveLength(1);
    expect(
      emu.control.state().fields.filter((f) => f.name === "Renewal date"),
    ).toHaveLength(1);
    // Each create was sent once: the re-read found it, so nothing was re-sent.
    const createWrites = writes().filter((r) => r.method === "POST");
    expect(createWrites).toHaveLength(creates);
    expect(createWrites.every((r) => r.fault === "done-500")).toBe(true);
    expect((await planNow()).changes).toEqual([]);
  });

  it("re-sends a create whose 500 meant it was not done, once the re-read finds it absent", async () => {
    const plan = await planNow();
    emu.control.configure({
      faults: {
        rate: 1,
        kinds: ["500"],
        methods: ["POST"],
        pathIncludes: "organization/profile",
        count: 1,
      },
    });
    emu.control.clearRequests();
    const report = await applyPlan(plan, client);
    expect(report.summary.failed).toBe(0);
    const profilePosts = writes().filter((r) =>
      r.path.endsWith("organization/profile"),
    );
    const created = plan.changes.filter(
      (c) => c.resource === "organization" && c.action === "create",
    );
    expect(profilePosts).toHaveLength(created.length + 1);
    expect((await planNow()).changes).toEqual([]);
  });

  it("fails only what depends on a failed change; a second plan and apply finish the job", async () => {
    const plan = await planNow();
    // The field rename fails (a definite 400-like refusal is simulated by a persistent 500).
    emu.control.configure({
      faults: {
        rate: 1,
        kinds: ["500"],
        methods: ["PUT"],
        pathIncludes: "organization/details/Level",
        count: 100,
      },
    });
    const report = await applyPlan(plan, client);
    emu.control.configure({ faults: null });
    const tier = report.results.find((r) => r.address === 'field["Tier"]')!;
    expect(tier.status).toBe("failed");
    const skipped = report.results.filter((r) => r.status === "skipped");
    expect(skipped.length).toBeGreaterThan(0);
    for (const result of skipped) {
      expect(result.reason).toMatch(
        /^depends on .* which (failed|was skipped)$/,
      );
    }
    expect(report.summary.applied).toBeGreaterThan(0);

    const again = await planNow();
    expect(again.changes.length).toBe(
      report.summary.failed + report.summary.skipped,
    );
    const second = await applyPlan(again, client);
    expect(second.summary.failed).toBe(0);
    expect((await planNow()).changes).toEqual([]);
  });

  it("sees what changed on the site since a plan, reading only what the plan touches", async () => {
    const plan = await planNow();
    emu.control.clearRequests();
    expect((await checkStale(plan, client)).stale).toEqual([]);
    // One field list and ceil(organizations / 25) profile fetches.
    expect(
      emu.control
        .requests()
        .map((r) => `${r.method} ${r.path.split("/api/v1/")[1]}`)
        .sort(),
    ).toEqual(["GET organization/details", "POST organization/profile/fetch"]);

    const initech = emu.control
      .state()
      .organizations.find((o) => o.name === "Initech")!;
    await client.setOrganizationDetail(initech.id, "Region", ["EU"]);
    await client.createProfile({ name: "Globex", details: [] });
    const stale = (await checkStale(plan, client)).stale.map((s) => s.address);
    expect(stale).toEqual(
      expect.arrayContaining([
        'organization["Globex"]',
        'organization["Initech"].detail["Region"]',
      ]),
    );
    expect(
      stale.every(
        (a) =>
          a.startsWith('organization["Globex"]') ||
          a.startsWith('organization["Initech"]'),
      ),
    ).toBe(true);
  });

  it("builds the same number of calls as changes (plus one per replace)", async () => {
    const plan = await planNow();
    const calls = buildSteps(plan).flatMap((s) => s.calls).length;
    const replaces = plan.changes.filter((c) => c.action === "replace").length;
    expect(calls).toBe(plan.changes.length + replaces);
  });
});
