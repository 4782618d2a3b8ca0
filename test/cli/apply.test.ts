/**
 * `orgsync apply` end to end: the real CLI (in-process `main`) against the real emulator over
 * loopback HTTP. Writes are counted from the emulator's request log.
 */
import { readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";

import { afterEach, describe, expect, it } from "vitest";

import { createClient, type CsmClient } from "../../src/api/index.js";

import type { ApplyReport } from "../../src/apply/index.js";
import {
  startCliRig,
  testSignals,
  TOKEN,
  type CliRig,
} from "./helpers/cli-rig.js";
import { FILES, SEED, withDeletes } from "../apply/scenario.js";

let rig: CliRig | undefined;
afterEach(async () => {
  await rig?.close();
  rig = undefined;
});

const report = (stdout: string): ApplyReport =>
  JSON.parse(stdout) as ApplyReport;
const siteClient = (r: CliRig): CsmClient =>
  createClient({
    baseUrl: r.emu.baseUrl,
    auth: { kind: "bearer", token: TOKEN },
  });
const calls = (r: CliRig): string[] =>
  r.emu.control
    .requests()
    .map((e) => `${e.method} ${e.path.split("/api/v1/")[1]}`)
    .sort();
const names = (r: CliRig): string[] =>
  r.emu.control
    .state()
    .organizations.map((o) => o.name)
    .sort();

describe("orgsync apply", () => {
  it("converges with exactly one write per change, and a second apply writes nothing", async () => {
    rig = await startCliRig(SEED, FILES);
    const first = await rig.run([
      "apply",
      ".",
      "--auto-approve",
      "--format",
      "json",
    ]);
    expect(first.stderr).not.toContain("error");
    expect(first.code).toBe(0);
    const applied = report(first.stdout);
    expect(applied.summary.failed + applied.summary.skipped).toBe(0);
    expect(applied.results.length).toBeGreaterThanOrEqual(10);
    // One write per change (this plan has no field replacement).
    expect(applied.results.every((r) => r.action !== "replace")).toBe(true);
    expect(rig.writes()).toHaveLength(applied.results.length);
    expect(names(rig)).toEqual([
      "Acme Corp",
      "Globex",
      "Initech",
      "Old Co",
      "Umbrella",
    ]);

    rig.emu.control.clearRequests();
    const second = await rig.run(["apply", ".", "--auto-approve"]);
    expect(second.code).toBe(0);
    expect(second.stdout).toContain(
      "No changes. The site matches the manifests.",
    );
    expect(rig.writes()).toHaveLength(0);
  });

  it("prints the plan, one progress line per change on a pipe, and the summary", async () => {
    rig = await startCliRig(SEED, FILES);
    const run = await rig.run(["apply", "--auto-approve"]);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain("Planned changes");
    expect(run.stdout).toMatch(
      /Apply complete: \d+ applied, 0 failed, 0 skipped\.\n$/,
    );
    const lines = run.stderr
      .split("\n")
      .filter((line) => line.startsWith("✓ "));
    expect(lines).toHaveLength(rig.writes().length);
    expect(run.stderr).toMatch(/✓ organization\["Globex"\] created \(\d+ ms\)/);
  });

  it("with --quiet and changes pending prints only the summary: no plan, no progress lines", async () => {
    rig = await startCliRig(SEED, FILES);
    const quiet = await rig.run(["apply", "--auto-approve", "--quiet"]);
    expect(quiet.code).toBe(0);
    expect(rig.writes().length).toBeGreaterThan(0);
    expect(quiet.stdout).toMatch(
      /^Apply complete: \d+ applied, 0 failed, 0 skipped\.\n$/,
    );
    expect(quiet.stderr).not.toMatch(/^✓ /m);
  });

  it("refuses a stdin that is not a terminal without --auto-approve, before any write", async () => {
    rig = await startCliRig(SEED, FILES);
    const run = await rig.run(["apply"]);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(
      "stdin is not a terminal; pass --auto-approve to apply in a pipeline",
    );
    expect(rig.writes()).toHaveLength(0);
  });

  it("on a terminal applies only after a typed yes", async () => {
    rig = await startCliRig(SEED, FILES);
    const no = await rig.run(["apply"], { tty: "no\n" });
    expect(no.code).toBe(1);
    expect(no.stderr).toMatch(
      /Apply \d+ changes to http:\/\/127\.0\.0\.1:\d+\/.*\?/,
    );
    expect(no.stderr).toContain(
      'the answer was "no", not "yes"; nothing was changed',
    );
    expect(rig.writes()).toHaveLength(0);

    const yes = await rig.run(["apply"], { tty: "yes\n" });
    expect(yes.code).toBe(0);
    expect(rig.writes().length).toBeGreaterThan(0);
  });

  it("shows the plan on stderr before asking when --quiet kept it off stdout", async () => {
    rig = await startCliRig(SEED, FILES);
    const run = await rig.run(["apply", "--quiet"], { tty: "no\n" });
    expect(run.code).toBe(1);
    expect(run.stdout).toBe("");
    const question = run.stderr.indexOf('Only "yes" will be accepted');
    const planLine = run.stderr.indexOf("Plan: ");
    expect(planLine).toBeGreaterThanOrEqual(0);
    expect(planLine).toBeLessThan(question);
    expect(rig.writes()).toHaveLength(0);
  });

  it("refuses deletes without --allow-delete, naming them, and leaves the site unchanged", async () => {
    rig = await startCliRig(SEED, withDeletes("Old Co"));
    const before = rig.emu.control.state();
    const run = await rig.run(["apply", "--auto-approve"]);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain("1 destructive change needs --allow-delete:");
    expect(run.stderr).toContain('  - organization["Old Co"]');
    expect(rig.writes()).toHaveLength(0);
    expect(rig.emu.control.state()).toEqual(before);

    const allowed = await rig.run([
      "apply",
      "--auto-approve",
      "--allow-delete",
    ]);
    expect(allowed.code).toBe(0);
    expect(names(rig)).not.toContain("Old Co");
  });

  it("refuses more deletes than --max-deletes unless --force", async () => {
    const seed = {
      ...SEED,
      organizations: [...SEED.organizations!, { name: "Gone Two" }],
    };
    rig = await startCliRig(seed, withDeletes("Old Co", "Gone Two"));
    const argv = [
      "apply",
      "--auto-approve",
      "--allow-delete",
      "--max-deletes",
      "1",
    ];
    const refused = await rig.run(argv);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain(
      "the plan deletes 2 objects, more than --max-deletes 1",
    );
    expect(refused.stderr).toContain("pass --force");
    expect(rig.writes()).toHaveLength(0);

    const forced = await rig.run([...argv, "--force"]);
    expect(forced.code).toBe(0);
    expect(names(rig)).not.toContain("Gone Two");
  });

  it("fails only the dependents of a failed change, reports each, and a re-run converges", async () => {
    rig = await startCliRig(SEED, FILES);
    // The field rename Level → Tier fails on every attempt.
    rig.emu.control.configure({
      faults: {
        rate: 1,
        kinds: ["500"],
        methods: ["PUT"],
        pathIncludes: "organization/details/Level",
      },
    });
    const failed = await rig.run([
      "apply",
      "--auto-approve",
      "--format",
      "json",
    ]);
    expect(failed.code).toBe(1);
    const first = report(failed.stdout);
    const byAddress = new Map(first.results.map((r) => [r.address, r]));
    expect(byAddress.get('field["Tier"]')).toMatchObject({
      status: "failed",
      error: { code: "E_API_STATUS" },
    });
    expect(
      byAddress.get('organization["Initech"].detail["Tier"]'),
    ).toMatchObject({
      status: "skipped",
      reason: 'depends on field["Tier"] which failed',
    });
    expect(
      byAddress.get('organization["Initech"].detail["Region"]')!.status,
    ).toBe("applied");
    expect(first.summary.applied).toBeGreaterThan(0);
    expect(first.summary.skipped).toBeGreaterThan(0);
    expect(failed.stderr).toMatch(
      /✗ field\["Tier"\] rename failed: PUT organization\/details\/Level answered 500/,
    );

    rig.emu.control.configure({ faults: null });
    rig.emu.control.clearRequests();
    const again = await rig.run([
      "apply",
      "--auto-approve",
      "--format",
      "json",
    ]);
    expect(again.code).toBe(0);
    const second = report(again.stdout);
    expect(second.results.length).toBe(
      first.summary.failed + first.summary.skipped,
    );
    expect(rig.writes()).toHaveLength(second.results.length);

    rig.emu.control.clearRequests();
    const third = await rig.run(["apply", "--auto-approve"]);
    expect(third.stdout).toContain("No changes");
    expect(rig.writes()).toHaveLength(0);
  });

  it("makes no duplicate when every create is done but answered 500", async () => {
    rig = await startCliRig(SEED, FILES);
    const r = rig;
    // One change at a time; after every line the CLI prints, the next POST (the next create:
    // apply reads nothing else) is carried out and answered 500.
    const arm = (): void => {
      r.emu.control.configure({
        faults: { rate: 1, kinds: ["done-500"], methods: ["POST"], count: 1 },
      });
    };
    const run = await r.run(
      ["apply", "--auto-approve", "--concurrency", "1", "--format", "json"],
      {
        onOutput: arm,
      },
    );
    r.emu.control.configure({ faults: null });
    expect(run.code).toBe(0);
    const result = report(run.stdout);
    const creates = result.results.filter((x) => x.action === "create");
    expect(creates.length).toBeGreaterThanOrEqual(4);
    expect(
      creates.every((x) => x.status === "applied" && x.recovered === true),
    ).toBe(true);
    const createPosts = r.writes().filter((w) => w.method === "POST");
    expect(createPosts).toHaveLength(creates.length);
    expect(createPosts.every((w) => w.fault === "done-500")).toBe(true);

    expect(names(r)).toEqual([
      "Acme Corp",
      "Globex",
      "Initech",
      "Old Co",
      "Umbrella",
    ]);
    const state = r.emu.control.state();
    expect(state.fields.filter((f) => f.name === "Renewal date")).toHaveLength(
      1,
    );
    const globex = state.organizations.find((o) => o.name === "Globex")!;
    expect(globex.products).toHaveLength(1);

    r.emu.control.clearRequests();
    const again = await r.run(["apply", "--auto-approve"]);
    expect(again.stdout).toContain("No changes");
    expect(r.writes()).toHaveLength(0);
  });

  it("on Ctrl-C starts nothing new, prints the report and exits 130", async () => {
    rig = await startCliRig(SEED, FILES, { latency: { fixedMs: 15 } });
    const signals = testSignals();
    const run = await rig.run(
      ["apply", "--auto-approve", "--concurrency", "1"],
      {
        signals,
        onOutput: (stream, text) => {
          if (
            stream === "stderr" &&
            text.includes("✓ ") &&
            !signals.interrupt.aborted
          ) {
            signals.ctrlC();
          }
        },
      },
    );
    expect(signals.claimed()).toBe(true);
    expect(run.code).toBe(130);
    expect(run.stdout).toMatch(
      /Apply interrupted: 1 applied, 0 failed, \d+ skipped\./,
    );
    expect(run.stdout).toContain("not started: apply was interrupted");
    expect(rig.writes()).toHaveLength(1);
  });

  it("applies a saved plan, and refuses a stale one naming what changed, writing nothing", async () => {
    rig = await startCliRig(SEED, FILES);
    const saved = await rig.run(["plan", "--out", "plan.json"]);
    expect(saved.code).toBe(0);
    // Someone edits Initech by hand after the plan was reviewed.
    const initech = rig.emu.control
      .state()
      .organizations.find((o) => o.name === "Initech")!;
    await siteClient(rig).setOrganizationDetail(initech.id, "Region", ["EU"]);
    rig.emu.control.clearRequests();

    const stale = await rig.run([
      "apply",
      "--plan",
      "plan.json",
      "--auto-approve",
    ]);
    expect(stale.code).toBe(1);
    expect(stale.stderr).toContain("the saved plan plan.json is stale");
    expect(stale.stderr).toContain(
      '  - organization["Initech"].detail["Region"]',
    );
    expect(stale.stderr).not.toContain('organization["Globex"]');
    expect(rig.writes()).toHaveLength(0);
    // It re-read only what the plan touches: the fields, and its organizations in one batch.
    expect(calls(rig)).toEqual([
      "GET organization/details",
      "POST organization/profile/fetch",
    ]);

    await rig.run(["plan", "--out", "plan.json"]);
    rig.emu.control.clearRequests();
    const fresh = await rig.run([
      "apply",
      "--plan",
      "plan.json",
      "--auto-approve",
      "--format",
      "json",
    ]);
    expect(fresh.code).toBe(0);
    const applied = report(fresh.stdout);
    expect(applied.summary).toMatchObject({ failed: 0, skipped: 0 });
    expect(rig.writes()).toHaveLength(applied.results.length);
    const after = await rig.run(["apply", "--auto-approve"]);
    expect(after.stdout).toContain("No changes");
  });

  it("refuses a saved plan made for another site, or in another format, sending nothing", async () => {
    rig = await startCliRig(SEED, FILES);
    expect((await rig.run(["plan", "--out", "plan.json"])).code).toBe(0);
    const file = join(rig.dir, "plan.json");
    const text = await readFile(file, "utf8");
    const plan = JSON.parse(text) as {
      target: { baseUrl: string };
      formatVersion: number;
    };
    rig.emu.control.clearRequests();

    plan.target.baseUrl =
      "https://api.atlassian.com/jsm/csm/cloudid/another-site/api/v1/";
    await writeFile(file, JSON.stringify(plan));
    const foreign = await rig.run([
      "apply",
      "--plan",
      "plan.json",
      "--auto-approve",
    ]);
    expect(foreign.code).toBe(1);
    expect(foreign.stderr).toContain(
      "was made for https://api.atlassian.com/jsm/csm/cloudid/another-site/api/v1/",
    );
    expect(rig.emu.control.requests()).toHaveLength(0);

    await writeFile(
      file,
      text.replace('"formatVersion": 1', '"formatVersion": 3'),
    );
    const future = await rig.run([
      "apply",
      "--plan",
      "plan.json",
      "--auto-approve",
    ]);
    expect(future.code).toBe(1);
    expect(future.stderr).toContain("plan.json");
    expect(rig.emu.control.requests()).toHaveLength(0);
  });

  it("refuses contradictory or malformed flags before sending anything", async () => {
    rig = await startCliRig(SEED, FILES);
    const both = await rig.run(["apply", ".", "--plan", "plan.json"]);
    expect(both.code).toBe(1);
    expect(both.stderr).toContain(
      "give manifest paths or --plan FILE, not both",
    );
    const negative = await rig.run(["apply", "--max-deletes", "-1"]);
    expect(negative.code).toBe(1);
    expect(negative.stderr).toContain(
      "--max-deletes must be a whole number of 0 or more",
    );
    expect(rig.emu.control.requests()).toHaveLength(0);
  });

  it("refuses bad input before sending any request", async () => {
    rig = await startCliRig(SEED, {
      "orgsync/bad.yaml": "apiVersion: orgsync/v1\nkind: Nope\n",
    });
    const run = await rig.run(["apply", "--auto-approve"]);
    expect(run.code).toBe(1);
    expect(rig.emu.control.requests()).toHaveLength(0);
  });
});
