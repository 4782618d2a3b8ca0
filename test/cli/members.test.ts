/**
 * Customers and service desk links as code (issue 16, points 5 and 6), end to end: the real
 * CLI against the real emulator over loopback HTTP, the service desk API included. What is
 * read and written is counted from the emulator's request log.
 */
import { readFile } from "node:fs/promises";
import { join } from "node:path";

import { afterEach, describe, expect, it } from "vitest";

import type { ApplyReport } from "../../src/apply/index.js";
import type { EmulatorSeed } from "../../src/emulator/index.js";
import { startCliRig, type CliRig } from "./helpers/cli-rig.js";

let rig: CliRig | undefined;
afterEach(async () => {
  await rig?.close();
  rig = undefined;
});

const Q1 = "qm:7d1c2b3a-0000-4000-8000-000000000001:c1";
const Q2 = "qm:7d1c2b3a-0000-4000-8000-000000000002:c2";
const Q3 = "qm:7d1c2b3a-0000-4000-8000-000000000003:c3";
const ATLASSIAN = "5b10ac8d82e05b22cc7d4ef5";

const SEED: EmulatorSeed = {
  organizations: [
    { name: "Acme", customers: [Q1, Q2] },
    { name: "Globex", customers: [Q1] },
  ],
  customers: [Q1, Q2, Q3, ATLASSIAN].map((accountId) => ({ accountId })),
  serviceDesks: [
    { id: "1", key: "SUP", organizations: ["Globex"] },
    { id: "2", key: "HR", organizations: ["Acme"] },
    { id: "3", key: "IT" },
  ],
};

const organization = (name: string, more: string): string =>
  `apiVersion: orgsync/v1\nkind: Organization\nname: ${name}\n${more}`;

const state = (r: CliRig) => r.emu.control.state();
const customersOf = (r: CliRig, name: string): string[] =>
  [
    ...(state(r).organizations.find((o) => o.name === name)?.customers ?? []),
  ].sort();
const linksOf = (r: CliRig, name: string): string[] => {
  const id = state(r).organizations.find((o) => o.name === name)?.id ?? "";
  return (state(r).serviceDesks ?? [])
    .filter((desk) => desk.organizations.includes(id))
    .map((desk) => desk.key)
    .sort();
};
const serviceDeskCalls = (r: CliRig): string[] =>
  r
    .requests()
    .filter((e) => e.api === "servicedesk")
    .map((e) => `${e.method} ${e.path.split("/rest/servicedeskapi/")[1]}`);
const report = (stdout: string): ApplyReport =>
  JSON.parse(stdout) as ApplyReport;

async function planIsEmpty(r: CliRig): Promise<void> {
  const again = await r.run(["plan", "--detailed-exitcode"]);
  expect(again.stdout).toContain("No changes. The site matches the manifests.");
  expect(again.code).toBe(0);
}

describe("customers of existing organizations", () => {
  it("adds the missing customers in one call, removes the unlisted ones with pruneCustomers, and plans nothing after", async () => {
    rig = await startCliRig(SEED, {
      "orgsync/acme.yaml": organization(
        "Acme",
        `customers: ["${Q2}", "${Q3}", "${ATLASSIAN}"]\n`,
      ),
    });
    const plan = await rig.run(["plan"]);
    expect(plan.code).toBe(0);
    expect(plan.stdout).toContain(`+ organization["Acme"].customer["${Q3}"]`);
    expect(plan.stdout).toContain(
      `+ organization["Acme"].customer["${ATLASSIAN}"]`,
    );
    expect(plan.stdout).not.toContain(Q1);
    // Customers are read from the profiles the plan fetches anyway.
    expect(serviceDeskCalls(rig)).toEqual([]);

    rig.emu.control.clearRequests();
    const added = await rig.run([
      "apply",
      "--auto-approve",
      "--format",
      "json",
    ]);
    expect(added.code).toBe(0);
    expect(report(added.stdout).summary).toEqual({
      applied: 2,
      failed: 0,
      skipped: 0,
    });
    expect(serviceDeskCalls(rig)).toEqual([
      "GET organization?start=0&limit=1",
      expect.stringMatching(/^POST organization\/\d+\/user$/),
    ]);
    expect(customersOf(rig, "Acme")).toEqual([ATLASSIAN, Q1, Q2, Q3].sort());
    await planIsEmpty(rig);

    await rig.write({
      "orgsync/acme.yaml": organization(
        "Acme",
        `customers: ["${Q3}"]\npruneCustomers: true\n`,
      ),
    });
    const refused = await rig.run(["apply", "--auto-approve"]);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain(
      "3 destructive changes need --allow-delete",
    );
    expect(refused.stderr).toContain(`organization["Acme"].customer["${Q1}"]`);
    const tooMany = await rig.run([
      "apply",
      "--auto-approve",
      "--allow-delete",
      "--max-deletes",
      "2",
    ]);
    expect(tooMany.code).toBe(1);
    expect(tooMany.stderr).toContain("more than --max-deletes 2");
    expect(customersOf(rig, "Acme")).toHaveLength(4);

    rig.emu.control.clearRequests();
    const removed = await rig.run([
      "apply",
      "--auto-approve",
      "--allow-delete",
    ]);
    expect(removed.code).toBe(0);
    expect(serviceDeskCalls(rig)).toEqual([
      "GET organization?start=0&limit=1",
      expect.stringMatching(/^DELETE organization\/\d+\/user$/),
    ]);
    expect(customersOf(rig, "Acme")).toEqual([Q3]);
    expect(customersOf(rig, "Globex")).toEqual([Q1]);
    await planIsEmpty(rig);
  });

  it("checks the service desk API before the first write: unreachable, apply stops, nothing written, the feature named", async () => {
    rig = await startCliRig(SEED, {
      "orgsync/orgs.yaml": `apiVersion: orgsync/v1
kind: Organizations
organizations:
  - name: Initech
  - name: Acme
    customers: ["${Q1}", "${Q2}", "${Q3}"]
`,
    });
    const wrong = `${rig.emu.origin}/rest/servicedeskapi/`;
    const run = await rig.run([
      "apply",
      "--auto-approve",
      "--servicedesk-base-url",
      wrong,
    ]);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(
      `customers (customers, pruneCustomers) needs the service desk API, and the call to ${wrong} failed`,
    );
    expect(rig.writes()).toEqual([]);
    // Reachable, the one check is the only extra read, and the apply goes through.
    rig.emu.control.clearRequests();
    expect((await rig.run(["apply", "--auto-approve"])).code).toBe(0);
    expect(serviceDeskCalls(rig)).toEqual([
      "GET organization?start=0&limit=1",
      `POST organization/${state(rig).organizations.find((o) => o.name === "Acme")!.id}/user`,
    ]);
    expect(customersOf(rig, "Acme")).toEqual([Q1, Q2, Q3]);
  });

  it("names an account id the site does not know, and adds the others", async () => {
    rig = await startCliRig(SEED, {
      "orgsync/acme.yaml": organization(
        "Acme",
        `customers: ["${Q3}", "qm:nobody"]\n`,
      ),
    });
    const run = await rig.run(["apply", "--auto-approve"]);
    expect(run.code).toBe(1);
    expect(run.stdout).toContain(
      'the site does not know the account id "qm:nobody"',
    );
    expect(customersOf(rig, "Acme")).toEqual([Q1, Q2, Q3]);
    const again = await rig.run(["plan"]);
    expect(again.stdout).toContain(
      '+ organization["Acme"].customer["qm:nobody"]',
    );
    expect(again.stdout).not.toContain(Q3);
  });
});

describe("service desk links", () => {
  it("links an organization (a new one after its create), reading one list per service desk named, and plans nothing after", async () => {
    rig = await startCliRig(SEED, {
      "orgsync/orgs.yaml": `apiVersion: orgsync/v1
kind: Organizations
organizations:
  - name: Acme
    serviceDesks: [SUP, HR]
  - name: Initech
    serviceDesks: [IT]
  - name: Globex
    serviceDesks: [HR]
    pruneServiceDesks: true
`,
    });
    const plan = await rig.run(["plan", "--format", "json"]);
    expect(plan.code).toBe(0);
    const planned = (
      JSON.parse(plan.stdout) as {
        changes: { address: string; action: string }[];
      }
    ).changes.map((c) => `${c.action} ${c.address}`);
    expect(planned).toEqual([
      'create organization["Initech"]',
      'create organization["Acme"].serviceDesk["SUP"]',
      'create organization["Globex"].serviceDesk["HR"]',
      'create organization["Initech"].serviceDesk["IT"]',
      'delete organization["Globex"].serviceDesk["SUP"]',
    ]);
    // One paged list per service desk named, whatever the number of organizations.
    expect(serviceDeskCalls(rig).sort()).toEqual([
      "GET servicedesk/HR/organization?start=0&limit=50",
      "GET servicedesk/IT/organization?start=0&limit=50",
      "GET servicedesk/SUP/organization?start=0&limit=50",
    ]);

    const apply = await rig.run(["apply", "--auto-approve", "--allow-delete"]);
    expect(apply.code).toBe(0);
    expect(linksOf(rig, "Acme")).toEqual(["HR", "SUP"]);
    expect(linksOf(rig, "Initech")).toEqual(["IT"]);
    expect(linksOf(rig, "Globex")).toEqual(["HR"]);
    await planIsEmpty(rig);
  });

  it("with pruneServiceDesks, refuses a key and an id across the manifests (they may be one desk), at the rarer form; allows the mix without prune", async () => {
    const files = (prune: string) => ({
      "orgsync/orgs.yaml": `apiVersion: orgsync/v1
kind: Organizations
organizations:
  - name: Acme
    serviceDesks: [HR]
${prune}  - name: Globex
    serviceDesks: [SUP, 2]
`,
    });
    rig = await startCliRig(SEED, files("    pruneServiceDesks: true\n"));
    const refused = await rig.run([
      "apply",
      "--auto-approve",
      "--allow-delete",
    ]);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain("orgsync/orgs.yaml:8:25");
    expect(refused.stderr).toContain(
      'service desk "2" is named by id where the others are named by key',
    );
    expect(refused.stderr).toContain(
      "a key and an id may be the same service desk",
    );
    expect(rig.requests()).toEqual([]);
    // With no service desk named anywhere, prune removes nothing, and says so.
    await rig.write({
      "orgsync/orgs.yaml": organization(
        "Acme",
        "serviceDesks: []\npruneServiceDesks: true\n",
      ),
    });
    const idle = await rig.run(["plan"]);
    expect(idle.code).toBe(0);
    expect(idle.stderr).toContain("orgsync/orgs.yaml:5:1");
    expect(idle.stderr).toContain("no manifest names a service desk");
    await rig.close();

    // Without prune, adding through either name is harmless: HR (2) is linked once.
    rig = await startCliRig(SEED, files(""));
    const apply = await rig.run(["apply", "--auto-approve"]);
    expect(apply.code).toBe(0);
    expect(linksOf(rig, "Globex")).toEqual(["HR", "SUP"]);
    expect(linksOf(rig, "Acme")).toEqual(["HR"]);
    await planIsEmpty(rig);
  });

  it("reports a service desk the site does not have at the line that names it, before any write", async () => {
    rig = await startCliRig(SEED, {
      "orgsync/acme.yaml": organization("Acme", "serviceDesks: [SUP, NOPE]\n"),
    });
    const run = await rig.run(["apply", "--auto-approve"]);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain("orgsync/acme.yaml:4:21");
    expect(run.stderr).toContain('service desk "NOPE" is not on the site');
    expect(rig.writes()).toEqual([]);
  });

  it("reports the only service desk named, when the site does not have it, at its line (the root checked once)", async () => {
    rig = await startCliRig(SEED, {
      "orgsync/acme.yaml": organization("Acme", "serviceDesks: [SUPP]\n"),
    });
    const run = await rig.run(["plan"]);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain("orgsync/acme.yaml:4:16");
    expect(run.stderr).toContain('service desk "SUPP" is not on the site');
    expect(serviceDeskCalls(rig)).toEqual([
      "GET servicedesk/SUPP/organization?start=0&limit=50",
      "GET organization?start=0&limit=1",
    ]);
    // At a wrong root every service desk answers 404 too: the root's own error is reported.
    const wrong = `${rig.emu.origin}/rest/servicedeskapi/`;
    const lost = await rig.run(["plan", "--servicedesk-base-url", wrong]);
    expect(lost.code).toBe(1);
    expect(lost.stderr).toContain(
      `service desk links (serviceDesks) needs the service desk API, and the call to ${wrong} failed`,
    );
    expect(lost.stderr).not.toContain("acme.yaml:4");
  });

  it("refuses a saved plan when a link changed on the site since", async () => {
    rig = await startCliRig(SEED, {
      "orgsync/acme.yaml": organization("Acme", "serviceDesks: [SUP]\n"),
    });
    expect((await rig.run(["plan", "--out", "plan.json"])).code).toBe(0);
    const sd = rig.emu.serviceDeskBaseUrl;
    const acme = state(rig).organizations.find((o) => o.name === "Acme")!.id;
    const linked = await fetch(`${sd}servicedesk/SUP/organization`, {
      method: "POST",
      headers: {
        authorization: `Bearer ${rig.env().ORGSYNC_TOKEN}`,
        "content-type": "application/json",
      },
      body: JSON.stringify({ organizationId: Number(acme) }),
    });
    expect(linked.status).toBe(204);
    rig.emu.control.clearRequests();
    const run = await rig.run([
      "apply",
      "--plan",
      "plan.json",
      "--auto-approve",
    ]);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('organization["Acme"].serviceDesk["SUP"]');
    expect(run.stderr).toContain("service desk link absent → now present");
    expect(rig.writes()).toEqual([]);
  });
});

describe("saved plans", () => {
  it("are version 2 when they change customers or links (version 1 otherwise), and apply", async () => {
    rig = await startCliRig(
      { ...SEED, fields: [{ name: "Region", type: "TEXT" }] },
      {
        "orgsync/acme.yaml": organization("Acme", "details: { Region: EU }\n"),
      },
    );
    const file = join(rig.dir, "plan.json");
    const saveAndApply = async (version: number): Promise<void> => {
      expect((await rig!.run(["plan", "--out", "plan.json"])).code).toBe(0);
      expect(await readFile(file, "utf8")).toContain(
        `"formatVersion": ${version}`,
      );
      const run = await rig!.run([
        "apply",
        "--plan",
        "plan.json",
        "--auto-approve",
      ]);
      expect(run.code, run.stderr).toBe(0);
    };
    await saveAndApply(1);
    await rig.write({
      "orgsync/acme.yaml": organization(
        "Acme",
        `details: { Region: EU }\ncustomers: ["${Q3}"]\nserviceDesks: [IT]\n`,
      ),
    });
    await saveAndApply(2);
    expect(customersOf(rig, "Acme")).toEqual([Q1, Q2, Q3]);
    expect(linksOf(rig, "Acme")).toEqual(["HR", "IT"]);
    await planIsEmpty(rig);
  });
});

describe("no service desk call when nothing needs one", () => {
  it("plans and applies other changes of organizations with customers without touching the service desk API", async () => {
    rig = await startCliRig(
      {
        ...SEED,
        fields: [{ name: "Region", type: "TEXT" }],
      },
      {
        "orgsync/acme.yaml": organization(
          "Acme",
          `details: { Region: EU }\ncustomers: ["${Q2}", "${Q1}"]\n`,
        ),
      },
    );
    const apply = await rig.run(["apply", "--auto-approve"]);
    expect(apply.code).toBe(0);
    await planIsEmpty(rig);
    expect(rig.requests().length).toBeGreaterThan(2);
    expect(serviceDeskCalls(rig)).toEqual([]);
  });
});
