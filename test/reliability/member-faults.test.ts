/**
 * Issue 16: under injected faults on both APIs, applies that add and remove customers (more
 * than one 50-id batch), add and remove service desk links, and create organizations (linked
 * after their create) converge with no duplicate organization and no lost or duplicated
 * membership. Two fixed cases: one targeted (the answers of the customer writes lost, some
 * after the write was done and some before, so the re-read must tell them apart) and one 20%
 * random draw on both APIs; the random cases of fault-convergence.test.ts and `npm run soak`
 * mix these keys into every scenario.
 */
import YAML from "yaml";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import {
  DEFAULT_KNOBS,
  runFaultCase,
  startFaultEmulator,
  type FaultEmulator,
} from "./run-fault-case.js";
import type { Scenario } from "./scenario.js";

const ids = (from: number, n: number): string[] =>
  Array.from(
    { length: n },
    (_, i) => `qm:member-${String(from + i).padStart(3, "0")}`,
  );

const SEED: Scenario["seed"] = {
  organizations: [
    { name: "Acme", customers: ids(0, 10) },
    { name: "Globex", customers: ids(100, 5) },
    { name: "Bystander", customers: ids(0, 3) },
  ],
  customers: ids(0, 120).map((accountId) => ({ accountId })),
  serviceDesks: [
    { key: "SUP", organizations: ["Acme", "Bystander"] },
    { key: "HR", organizations: ["Globex", "Bystander"] },
    { key: "IT" },
  ],
};

const MANIFEST = YAML.stringify({
  apiVersion: "orgsync/v1",
  kind: "Organizations",
  organizations: [
    // 55 added (two batches), 5 of the 10 held kept, 5 removed.
    {
      name: "Acme",
      customers: ids(5, 60),
      pruneCustomers: true,
      serviceDesks: ["HR", "IT"],
      pruneServiceDesks: true,
    },
    {
      name: "Globex",
      customers: [],
      pruneCustomers: true,
      serviceDesks: ["SUP"],
    },
    // Created with its customers, then linked.
    { name: "Initech", customers: ids(60, 3), serviceDesks: ["SUP", "HR"] },
    { name: "Umbrella", serviceDesks: ["IT"] },
  ],
});

describe("customers and service desk links under injected faults on both APIs", () => {
  let target: FaultEmulator;
  beforeAll(async () => {
    target = await startFaultEmulator(DEFAULT_KNOBS);
  });
  afterAll(async () => {
    await target.emu.close();
  });

  const log = () => target.emu.control.requests();
  const lostOn = (method: string, kind: string) =>
    log().filter(
      (e) =>
        e.api === "servicedesk" &&
        e.method === method &&
        /organization\/\d+\/user$/.test(e.path) &&
        e.fault === kind,
    ).length;

  it("re-reads the members after each lost answer of a customer write: done or not, nothing lost or twice", async () => {
    const outcome = await runFaultCase(
      target,
      {
        seed: SEED,
        manifest: MANIFEST,
        randomSeed: 1,
        // One at a time, so the writes (and their faults) come in plan order.
        concurrency: 1,
        maxAttempts: 1,
      },
      {
        ...DEFAULT_KNOBS,
        // The first four customer writes of each round: two carried out, two not.
        faults: {
          rate: 0,
          kinds: ["done-500", "500"],
          methods: ["POST", "DELETE"],
          pathIncludes: "/user",
          count: 6,
        },
      },
    );
    expect(outcome.problems).toEqual([]);
    expect(outcome.duplicates).toBe(0);
    // Both writes lost both ways: the re-read is what settles each.
    for (const method of ["POST", "DELETE"])
      for (const kind of ["done-500", "500"])
        expect(lostOn(method, kind), `${method} ${kind}`).toBeGreaterThan(0);
    expect(outcome.recovered).toBeGreaterThan(0);
  }, 60_000);

  it("converges under 20% faults of every kind on both APIs (fault draw 3)", async () => {
    const outcome = await runFaultCase(
      target,
      {
        seed: SEED,
        manifest: MANIFEST,
        randomSeed: 3,
        concurrency: 4,
        // No client retries: every fault reaches the applier, and its re-read rule.
        maxAttempts: 1,
        // Without retries a round's reads fail often (a new round each time): more rounds.
      },
      { ...DEFAULT_KNOBS, maxRounds: 16 },
    );
    expect(outcome.problems).toEqual([]);
    expect(outcome.duplicates).toBe(0);
    const faulted = (api: string) =>
      log().filter((e) => e.api === api && e.fault !== undefined).length;
    // The case only means something if both APIs were hit.
    expect(faulted("servicedesk")).toBeGreaterThan(0);
    expect(faulted("csm")).toBeGreaterThan(0);
  }, 60_000);
});
