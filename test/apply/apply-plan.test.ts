import fc from "fast-check";
import { describe, expect, it } from "vitest";

import { applyPlan, type ApplyEvent } from "../../src/apply/index.js";
import { fieldAddress, nameKey } from "../../src/model/index.js";
import {
  after,
  detailSet,
  fieldCreate,
  fieldDelete,
  fieldRename,
  orgCreate,
  orgRename,
  planOf,
} from "./builders.js";
import { FakeSite } from "./fake-client.js";

describe("applyPlan", () => {
  it("applies every change with as many writes as changes, and reports in plan order", async () => {
    const site = new FakeSite().addField("Level", "SELECT", ["Gold"]);
    const acme = site.addOrg("ACME Inc");
    const tier = fieldRename("Level", "Tier", "SELECT", ["Gold", "Silver"]);
    const rename = orgRename(acme, "ACME Inc", "Acme");
    const plan = planOf([
      tier,
      fieldCreate("Region", "SELECT", ["EU", "US"]),
      rename,
      after(
        detailSet(acme, "Acme", "Tier", ["Silver"]),
        tier.address,
        rename.address,
      ),
      orgCreate("Globex", { details: [{ name: "Tier", values: ["Gold"] }] }, [
        tier.address,
      ]),
    ]);
    const report = await applyPlan(plan, site);
    expect(report.summary).toEqual({ applied: 5, failed: 0, skipped: 0 });
    expect(report.interrupted).toBe(false);
    expect(report.results.map((r) => r.address)).toEqual(
      plan.changes.map((c) => c.address),
    );
    expect(site.writes).toHaveLength(plan.changes.length);
    expect(site.calls.filter((c) => !c.write)).toEqual([]);
    expect(site.orgByName("Acme")!.details.get("tier")).toEqual({
      name: "Tier",
      values: ["Silver"],
    });
    expect(site.orgByName("Globex")!.details.get("tier")!.values).toEqual([
      "Gold",
    ]);
  });

  it("does nothing for an empty plan", async () => {
    const site = new FakeSite();
    const events: ApplyEvent[] = [];
    const report = await applyPlan(planOf([]), site, {
      onEvent: (e) => events.push(e),
    });
    expect(report).toEqual({
      results: [],
      summary: { applied: 0, failed: 0, skipped: 0 },
      interrupted: false,
    });
    expect(events.map((e) => e.type)).toEqual(["start", "done"]);
    expect(site.calls).toEqual([]);
  });

  it("fails only the dependents of a failed change, with the reason, and goes on with the rest", async () => {
    const site = new FakeSite();
    const acme = site.addOrg("Acme");
    site.fault = (method) =>
      method === "createDetailField" ? "fail" : undefined;
    const tier = fieldCreate("Tier");
    const value = detailSet(acme, "Acme", "Tier", ["Gold"], [tier.address]);
    const renamed = after(orgRename(acme, "Acme", "Acme Corp"), value.address);
    const independent = orgCreate("Globex");
    const report = await applyPlan(
      planOf([tier, value, renamed, independent]),
      site,
    );
    expect(
      report.results.map((r) => [r.status, r.reason ?? r.error?.code]),
    ).toEqual([
      ["failed", "E_API_STATUS"],
      ["skipped", 'depends on field["Tier"] which failed'],
      [
        "skipped",
        'depends on organization["Acme"].detail["Tier"] which was skipped',
      ],
      ["applied", undefined],
    ]);
    expect(report.summary).toEqual({ applied: 1, failed: 1, skipped: 2 });
    expect(site.orgByName("Globex")).toBeDefined();
  });

  it("starts a change only after everything it depends on is applied", async () => {
    const site = new FakeSite();
    site.latencyMs = 2;
    const a = fieldCreate("A");
    const b = fieldCreate("B");
    const c = after(fieldCreate("C"), a.address, b.address);
    const d = after(fieldCreate("D"), c.address);
    const order: string[] = [];
    await applyPlan(planOf([d, c, b, a].reverse()), site, {
      onEvent: (e) => {
        if (e.type === "change-start") order.push(`start ${e.address}`);
        if (e.type === "change-done") order.push(`done ${e.result.address}`);
      },
    });
    const at = (s: string): number => order.indexOf(s);
    expect(at(`start ${c.address}`)).toBeGreaterThan(at(`done ${a.address}`));
    expect(at(`start ${c.address}`)).toBeGreaterThan(at(`done ${b.address}`));
    expect(at(`start ${d.address}`)).toBeGreaterThan(at(`done ${c.address}`));
  });

  it("runs independent changes concurrently, never more than --concurrency at once", async () => {
    const site = new FakeSite();
    site.latencyMs = 5;
    const plan = planOf(
      Array.from({ length: 40 }, (_, i) => fieldCreate(`F${i}`)),
    );
    await applyPlan(plan, site, { concurrency: 6 });
    expect(site.maxInFlight).toBe(6);
    const serial = new FakeSite();
    serial.latencyMs = 1;
    await applyPlan(plan, serial, { concurrency: 1 });
    expect(serial.maxInFlight).toBe(1);
  });

  it("runs deletes after every other change", async () => {
    const site = new FakeSite().addField("Legacy", "TEXT");
    site.latencyMs = 3;
    const plan = planOf([
      fieldDelete("Legacy"),
      fieldCreate("A"),
      fieldCreate("B"),
    ]);
    await applyPlan(plan, site, { concurrency: 8 });
    expect(site.writes.map((c) => c.method)).toEqual([
      "createDetailField",
      "createDetailField",
      "deleteDetailField",
    ]);
  });

  it("with failFast starts nothing new after the first failure", async () => {
    const site = new FakeSite();
    site.fault = (_m, args) =>
      (args[0] as { name: string }).name === "F0" ? "fail" : undefined;
    const plan = planOf(
      Array.from({ length: 10 }, (_, i) => fieldCreate(`F${i}`)),
    );
    const report = await applyPlan(plan, site, {
      concurrency: 1,
      failFast: true,
    });
    expect(report.summary).toEqual({ applied: 0, failed: 1, skipped: 9 });
    expect(report.results[1]!.reason).toBe(
      'not started: --fail-fast stopped apply after field["F0"] failed',
    );
    expect(site.writes).toHaveLength(1);
  });

  it("on interrupt lets calls in flight finish, starts nothing new and says so", async () => {
    const site = new FakeSite();
    site.latencyMs = 10;
    const interrupt = new AbortController();
    const plan = planOf(
      Array.from({ length: 20 }, (_, i) => fieldCreate(`F${i}`)),
    );
    let started = 0;
    const report = await applyPlan(plan, site, {
      concurrency: 4,
      interrupt: interrupt.signal,
      onEvent: (e) => {
        if (e.type === "change-start" && ++started === 4) interrupt.abort();
      },
    });
    expect(report.interrupted).toBe(true);
    expect(report.summary).toEqual({ applied: 4, failed: 0, skipped: 16 });
    expect(report.results[19]!.reason).toBe(
      "not started: apply was interrupted",
    );
    expect(site.fields.size).toBe(4);
  });

  it("on abort cancels calls in flight and reports their outcome as unknown", async () => {
    const site = new FakeSite();
    site.latencyMs = 20;
    const interrupt = new AbortController();
    const abort = new AbortController();
    const plan = planOf(
      Array.from({ length: 6 }, (_, i) => fieldCreate(`F${i}`)),
    );
    let started = 0;
    const report = await applyPlan(plan, site, {
      concurrency: 2,
      interrupt: interrupt.signal,
      abort: abort.signal,
      onEvent: (e) => {
        if (e.type === "change-start" && ++started === 2) {
          interrupt.abort();
          abort.abort();
        }
      },
    });
    expect(report.interrupted).toBe(true);
    expect(report.results.map((r) => r.status)).toEqual([
      "failed",
      "failed",
      "skipped",
      "skipped",
      "skipped",
      "skipped",
    ]);
    expect(report.results[0]!.error!.code).toBe("E_ABORTED");
  });

  it("marks a create recovered after an unknown outcome, with no duplicate", async () => {
    const site = new FakeSite();
    let first = true;
    site.fault = () => {
      const fault = first ? "done-unknown" : undefined;
      first = false;
      return fault;
    };
    const report = await applyPlan(planOf([orgCreate("Acme")]), site);
    expect(report.results[0]).toMatchObject({
      status: "applied",
      recovered: true,
    });
    expect(site.orgs.size).toBe(1);
  });

  it("refuses a damaged plan before making any call", async () => {
    const site = new FakeSite();
    const plan = planOf([
      fieldCreate("A"),
      after(fieldCreate("B"), fieldAddress("Nope")),
    ]);
    await expect(applyPlan(plan, site)).rejects.toMatchObject({
      code: "E_PLAN_INVALID",
    });
    expect(site.calls).toEqual([]);
  });

  it("keeps its invariants on any dependency graph with any failures (property)", async () => {
    const arbitrary = fc.integer({ min: 1, max: 25 }).chain((n) =>
      fc.record({
        n: fc.constant(n),
        edges: fc.array(fc.tuple(fc.nat(n - 1), fc.nat(n - 1)), {
          maxLength: 40,
        }),
        failing: fc.uniqueArray(fc.nat(n - 1), { maxLength: n }),
        concurrency: fc.integer({ min: 1, max: 8 }),
      }),
    );
    await fc.assert(
      fc.asyncProperty(
        arbitrary,
        async ({ n, edges, failing, concurrency }) => {
          const deps = Array.from({ length: n }, () => new Set<number>());
          for (const [x, y] of edges) if (x > y) deps[x]!.add(y);
          const names = Array.from({ length: n }, (_, i) => `F${i}`);
          const plan = planOf(
            names.map((name, i) =>
              after(
                fieldCreate(name),
                ...[...deps[i]!].map((d) => fieldAddress(names[d]!)),
              ),
            ),
          );
          const site = new FakeSite();
          const failSet = new Set(failing.map((i) => nameKey(names[i]!)));
          site.fault = (_m, args) =>
            failSet.has(nameKey((args[0] as { name: string }).name))
              ? "fail"
              : undefined;
          const report = await applyPlan(plan, site, { concurrency });

          expect(report.results).toHaveLength(n);
          const status = report.results.map((r) => r.status);
          for (let i = 0; i < n; i++) {
            const prereqsApplied = [...deps[i]!].every(
              (d) => status[d] === "applied",
            );
            if (!prereqsApplied) expect(status[i]).toBe("skipped");
            else
              expect(status[i]).toBe(
                failSet.has(nameKey(names[i]!)) ? "failed" : "applied",
              );
          }
          // Every change sent exactly once if attempted; nothing skipped was sent.
          expect(site.writes).toHaveLength(
            status.filter((s) => s !== "skipped").length,
          );
          expect(site.fields.size).toBe(report.summary.applied);
        },
      ),
      { numRuns: 60 },
    );
  });
});
