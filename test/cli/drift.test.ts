import { afterEach, beforeEach, describe, expect, it } from "vitest";

import type { EmulatorSeed } from "../../src/emulator/index.js";
import { MARKDOWN_PART_SEPARATOR } from "../../src/plan/index.js";
import {
  beyondFieldList,
  dayFromToday,
  startCliRig,
  type CliRig,
} from "./helpers/cli-rig.js";

const SEED: EmulatorSeed = {
  fields: [
    { name: "Region", type: "SELECT", options: ["AU", "EU", "US"] },
    { name: "Tier", type: "SELECT", options: ["Gold", "Silver"] },
  ],
  organizations: [
    { name: "Acme Corp", details: { Region: "EU", Tier: "Gold" } },
    { name: "Globex", details: { Region: "US" } },
  ],
};

const FIELDS = `apiVersion: orgsync/v1
kind: DetailFields
fields:
  - name: Region
    type: SELECT
    options: [AU, EU, US]
  - name: Tier
    type: SELECT
    options: [Gold, Silver]
`;

const ORGS = `apiVersion: orgsync/v1
kind: Organization
name: Acme Corp
details:
  Region: EU
  Tier: Gold
---
apiVersion: orgsync/v1
kind: Organization
name: Globex
details:
  Region: US
`;

function ignoreFile(address: string, expires: string): string {
  return `apiVersion: orgsync/v1
kind: DriftIgnore
ignore:
  - address: ${address}
    reason: Sales moved Acme to the US during the renegotiation
    expires: ${expires}
    by: jane
`;
}

let rig: CliRig;
beforeEach(async () => {
  rig = await startCliRig(SEED);
  await rig.write({ "orgsync/fields.yaml": FIELDS, "orgsync/orgs.yaml": ORGS });
});
afterEach(async () => {
  await rig.close();
});

/** Someone changes Acme's Region in the UI. */
async function driftAcme(): Promise<void> {
  const state = rig.emu.control.state();
  await rig.emu.control.reset({
    ...state,
    organizations: state.organizations.map((org) =>
      org.name === "Acme Corp"
        ? { ...org, details: { ...org.details, Region: ["US"] } }
        : org,
    ),
  });
  rig.emu.control.clearRequests();
}

describe("orgsync drift", () => {
  it("exits 0 and says so when the site matches", async () => {
    const { code, stdout } = await rig.run(["drift"]);
    expect(code).toBe(0);
    expect(stdout).toMatch(/^No drift: /);
  });

  it("exits 2 and names the object, both values and the manifest's file:line", async () => {
    await driftAcme();
    const { code, stdout } = await rig.run(["drift"]);
    expect(code).toBe(2);
    expect(stdout).toContain(
      'organization["Acme Corp"]\n  ~ detail["Region"]  value differs',
    );
    expect(stdout).toContain('manifest: "EU"');
    expect(stdout).toContain('live:     "US"');
    expect(stdout).toContain("at orgsync/orgs.yaml:5:3");

    const json = await rig.run(["drift", "--format", "json"]);
    expect(json.code).toBe(2);
    const report = JSON.parse(json.stdout) as {
      drift: { address: string; source: { line: number } }[];
    };
    expect(report.drift.map((item) => item.address)).toEqual([
      'organization["Acme Corp"].detail["Region"]',
    ]);
    expect(json.stderr).toContain("drift: 1 difference, 0 acknowledged");
  });

  it("does not fail for acknowledged drift, and reports it in its own section", async () => {
    await driftAcme();
    await rig.write({
      ".orgsync-ignore.yaml": ignoreFile(
        'organization["Acme Corp"].detail["Region"]',
        dayFromToday(30),
      ),
    });
    const { code, stdout } = await rig.run(["drift"]);
    expect(code).toBe(0);
    expect(stdout).toMatch(/^No drift: /);
    expect(stdout).toContain("Acknowledged drift (1): does not fail the check");
    expect(stdout).toContain("Sales moved Acme to the US");
  });

  it("fails again once the acknowledgement has expired, naming it", async () => {
    await driftAcme();
    await rig.write({
      "acks.yaml": ignoreFile('organization["Acme*"]', dayFromToday(-1)),
    });
    const { code, stdout } = await rig.run([
      "drift",
      "--ignore-file",
      "acks.yaml",
    ]);
    expect(code).toBe(2);
    expect(stdout).toContain(
      `acknowledgement expired ${dayFromToday(-1)} (acks.yaml:4:5)`,
    );
    expect(stdout).toContain("Expired acknowledgements (1)");
  });

  it("works and sends no write when the site refuses every write", async () => {
    await driftAcme();
    rig.emu.control.configure({ readOnly: true });
    const { code, stdout } = await rig.run(["drift", "--format", "markdown"]);
    expect(code).toBe(2);
    expect(stdout).toContain("## orgsync drift: 1 difference");
    const requests = rig.requests();
    expect(requests.length).toBeGreaterThan(0);
    expect(requests.filter((request) => request.write)).toEqual([]);
    expect(requests.every((request) => request.status === 200)).toBe(true);
  });

  it("splits big Markdown reports with a separator a CI script can split on", async () => {
    const names = Array.from(
      { length: 400 },
      (_, i) => `Customer ${String(i).padStart(3, "0")} ${"x".repeat(60)}`,
    );
    await rig.emu.control.reset({
      fields: SEED.fields!,
      organizations: names.map((name) => ({ name, details: { Region: "US" } })),
    });
    await rig.write({
      "orgsync/orgs.yaml": names
        .map(
          (name) =>
            `apiVersion: orgsync/v1\nkind: Organization\nname: ${name}\ndetails: { Region: EU }\n`,
        )
        .join("---\n"),
    });
    const { code, stdout } = await rig.run(["drift", "--format", "markdown"]);
    expect(code).toBe(2);
    const parts = stdout.split(MARKDOWN_PART_SEPARATOR);
    expect(parts.length).toBeGreaterThan(1);
    for (const part of parts) expect(part.length).toBeLessThanOrEqual(60_000);
  });

  it("stops with exit 1, writes nothing and starts no read after a bad manifest", async () => {
    await rig.write({ "orgsync/orgs.yaml": `${ORGS}  Regoin: EU\n` });
    const { code, stderr } = await rig.run(["drift"]);
    expect(code).toBe(1);
    expect(stderr).toMatch(/orgsync\/orgs\.yaml:\d+:\d+/);
    // fields.yaml parsed cleanly first: the field list may have been read meanwhile.
    expect(beyondFieldList(rig.requests())).toEqual([]);
  });

  it("stops with exit 1 and sends nothing for a bad ignore file, with every problem located", async () => {
    await rig.write({
      ".orgsync-ignore.yaml":
        "apiVersion: orgsync/v1\nkind: DriftIgnore\nignore:\n  - address: x\n    expiry: 2026-01-01\n",
    });
    const { code, stderr } = await rig.run(["drift"]);
    expect(code).toBe(1);
    expect(stderr).toContain(
      '.orgsync-ignore.yaml:5:5: error: unknown key "expiry"',
    );
    expect(stderr).toContain('did you mean "expires"?');
    expect(stderr).toContain(
      '.orgsync-ignore.yaml:4:5: error: missing key "reason"',
    );
    expect(stderr).toContain(
      "error: the ignore file .orgsync-ignore.yaml is not valid (3 problems)",
    );
    expect(rig.requests()).toEqual([]);
  });

  it("requires a file named with --ignore-file to exist", async () => {
    const { code, stderr } = await rig.run([
      "drift",
      "--ignore-file",
      "missing.yaml",
    ]);
    expect(code).toBe(1);
    expect(stderr).toContain("missing.yaml");
    expect(rig.requests()).toEqual([]);
  });
});
