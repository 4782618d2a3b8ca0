import { readdir, readFile } from "node:fs/promises";
import { join } from "node:path";

import { afterEach, describe, expect, it } from "vitest";

import { startEmulator, type EmulatorSeed } from "../../src/emulator/index.js";
import { seededRandom } from "../emulator/helpers.js";
import { startCliRig, TOKEN, type CliRig } from "./helpers/cli-rig.js";

/**
 * Discovery (issue 16.3) and identity (16.4), end to end: the real CLI against the real
 * emulator, which serves the CSM and the service desk API on one state. Hand changes are
 * made on the emulator's state, as someone in the Jira UI would.
 */

const PAGE = 50;
const names = (n: number): string[] =>
  Array.from({ length: n }, (_, i) => `Org ${String(i).padStart(3, "0")}`);

let rig: CliRig;
afterEach(async () => {
  await rig?.close();
});

const serviceDeskCalls = () =>
  rig.requests().filter((r) => r.api === "servicedesk");

/** Someone in the Jira UI: `change` gets the site's organizations, returns the new list. */
async function byHand(
  change: (
    organizations: EmulatorSeed["organizations"] & object,
  ) => EmulatorSeed["organizations"] & object,
): Promise<void> {
  const state = rig.emu.control.state();
  await rig.emu.control.reset({
    ...state,
    organizations: change(state.organizations),
  });
  rig.emu.control.clearRequests();
}

const idOf = (name: string): string =>
  rig.emu.control.state().organizations.find((o) => o.name === name)!.id;

const organizationsOn = () =>
  rig.emu.control
    .state()
    .organizations.map((o) => `${o.id}:${o.name}`)
    .sort();

describe("export --all, and drift --fail-on-unmanaged", () => {
  it("exports all 120 organizations in 3 pages, plans no change, and fails drift only once one is created by hand", async () => {
    rig = await startCliRig(
      { organizations: names(120).map((name) => ({ name })) },
      {},
      { serviceDeskPageLimit: PAGE },
    );
    const exported = await rig.run(["export", "--all"]);
    expect(exported.stderr).toBe("");
    expect(exported.code).toBe(0);
    const files = await readdir(join(rig.dir, "orgsync/organizations"));
    expect(files).toHaveLength(120);
    const one = await readFile(
      join(rig.dir, "orgsync/organizations", files[7]!),
      "utf8",
    );
    expect(one).toContain(`id: "${idOf("Org 007")}"`);
    // ceil(120 / 50) pages (the bound allows one more), and 120 / 25 profile fetches.
    expect(serviceDeskCalls().length).toBe(3);
    expect(serviceDeskCalls().length).toBeLessThanOrEqual(
      Math.ceil(120 / PAGE) + 1,
    );
    expect(
      rig
        .requests()
        .filter((r) => r.path.includes("organization/profile/fetch")),
    ).toHaveLength(Math.ceil(120 / 25));

    rig.emu.control.clearRequests();
    const plan = await rig.run(["plan", "--detailed-exitcode"]);
    expect(plan.code).toBe(0);
    expect(plan.stdout).toContain("No changes");
    // A plan with no discovery flag makes no service desk call.
    expect(rig.requests().length).toBeGreaterThan(0);
    expect(serviceDeskCalls()).toEqual([]);

    rig.emu.control.clearRequests();
    const clean = await rig.run(["drift", "--fail-on-unmanaged"]);
    expect(clean.code).toBe(0);
    expect(clean.stdout).toContain("Organizations no manifest declares: none");
    expect(serviceDeskCalls().length).toBeLessThanOrEqual(
      Math.ceil(120 / PAGE) + 1,
    );

    await byHand((organizations) => [
      ...organizations,
      { name: "Made by hand" },
    ]);
    const failed = await rig.run(["drift", "--fail-on-unmanaged"]);
    expect(failed.code).toBe(2);
    expect(failed.stdout).toContain(
      `Organizations no manifest declares (1):\n  ? "Made by hand" (id ${idOf("Made by hand")})`,
    );
    // Shown, not failed, without --fail-on-unmanaged; and nothing listed without a flag.
    const shown = await rig.run([
      "drift",
      "--show-unmanaged",
      "--format",
      "json",
    ]);
    expect(shown.code).toBe(0);
    expect(JSON.parse(shown.stdout).unmanaged).toEqual([
      { id: idOf("Made by hand"), name: "Made by hand" },
    ]);
    rig.emu.control.clearRequests();
    expect((await rig.run(["drift"])).code).toBe(0);
    expect(serviceDeskCalls()).toEqual([]);
  });

  it("plan --show-unmanaged lists them in text, JSON and Markdown", async () => {
    rig = await startCliRig(
      { organizations: [{ name: "Acme" }, { name: "Stray" }] },
      {
        "orgsync/orgs.yaml":
          "apiVersion: orgsync/v1\nkind: Organizations\norganizations:\n  - name: Acme\n",
      },
    );
    const text = await rig.run(["plan", "--show-unmanaged"]);
    expect(text.code).toBe(0);
    expect(text.stdout).toContain(
      `Organizations no manifest declares (1):\n  ? "Stray" (id ${idOf("Stray")})`,
    );
    const json = await rig.run([
      "plan",
      "--show-unmanaged",
      "--format",
      "json",
    ]);
    expect(JSON.parse(json.stdout).unmanaged).toEqual([
      { id: idOf("Stray"), name: "Stray" },
    ]);
    const markdown = await rig.run([
      "plan",
      "--show-unmanaged",
      "--format",
      "markdown",
    ]);
    expect(markdown.stdout).toContain(
      `### Organizations no manifest declares (1)\n\n- "Stray" (id ${idOf("Stray")})`,
    );
  });

  it("says the token is not an agent instead of reporting none", async () => {
    rig = await startCliRig(
      { organizations: [{ name: "Acme" }] },
      {
        "orgsync/orgs.yaml":
          "apiVersion: orgsync/v1\nkind: Organization\nname: Acme\n",
      },
      { serviceDeskAgent: false },
    );
    const run = await rig.run(["drift", "--fail-on-unmanaged"]);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain("not an agent");
    expect(run.stdout).not.toContain("declares: none");
  });
});

describe("a service desk root that fails", () => {
  it("names the flag given, and leads with the root when nothing answers", async () => {
    rig = await startCliRig(
      { organizations: [{ name: "Acme" }] },
      {
        "orgsync/orgs.yaml":
          "apiVersion: orgsync/v1\nkind: Organization\nname: Acme\n",
      },
    );
    const gone = await startEmulator({ quiet: true, token: TOKEN });
    await gone.close();
    const run = await rig.run([
      "drift",
      "--fail-on-unmanaged",
      "--servicedesk-base-url",
      gone.serviceDeskBaseUrl,
    ]);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(
      new RegExp(
        `^error: the service desk API at ${gone.serviceDeskBaseUrl.replace(/[.?*+()[\]]/g, "\\$&")} did not answer: .*; --fail-on-unmanaged needs it$`,
        "m",
      ),
    );
  });
});

describe("organizations pinned by id", () => {
  const manifest = (entries: [string, string][]) =>
    `apiVersion: orgsync/v1\nkind: Organizations\norganizations:\n${entries
      .map(([name, id]) => `  - { name: ${name}, id: "${id}" }\n`)
      .join("")}`;

  async function exportedSite(seedNames: string[]): Promise<void> {
    rig = await startCliRig({
      organizations: seedNames.map((name) => ({ name })),
    });
    expect((await rig.run(["export", "--all"])).code).toBe(0);
  }

  it("renames back an organization renamed by hand, with no duplicate", async () => {
    await exportedSite(["Acme", "Globex"]);
    const before = organizationsOn();
    await byHand((organizations) =>
      organizations.map((o) =>
        o.name === "Acme" ? { ...o, name: "ACME Holdings" } : o,
      ),
    );
    const drift = await rig.run(["drift"]);
    expect(drift.code).toBe(2);
    expect(drift.stdout).toContain(
      'renamed on the site from "Acme" to "ACME Holdings"',
    );
    const apply = await rig.run(["apply", "--auto-approve"]);
    expect(apply.code).toBe(0);
    expect(organizationsOn()).toEqual(before);
    expect(rig.writes().map((w) => `${w.method} ${w.path}`)).toEqual([
      expect.stringMatching(/^PUT .*organization\/\d+$/),
    ]);
    expect((await rig.run(["plan", "--detailed-exitcode"])).code).toBe(0);
  });

  it("export --all after a hand rename leaves the organization in the file that declares its id", async () => {
    await exportedSite(["Acme", "Globex"]);
    await byHand((organizations) =>
      organizations.map((o) =>
        o.name === "Acme" ? { ...o, name: "ACME Holdings" } : o,
      ),
    );
    const again = await rig.run(["export", "--all"]);
    expect(again.code).toBe(0);
    expect(again.stderr).toContain(
      'skipped "ACME Holdings": organizations/acme.yaml in the output directory already declares it',
    );
    expect(
      (await readdir(join(rig.dir, "orgsync/organizations"))).sort(),
    ).toEqual(["acme.yaml", "globex.yaml"]);
    expect((await rig.run(["plan"])).code).toBe(0);
  });

  it("puts back names swapped by hand through a temporary name", async () => {
    await exportedSite(["Alpha", "Beta", "Gamma"]);
    const before = organizationsOn();
    await byHand((organizations) =>
      organizations.map((o) =>
        o.name === "Alpha"
          ? { ...o, name: "Beta" }
          : o.name === "Beta"
            ? { ...o, name: "Alpha" }
            : o,
      ),
    );
    const apply = await rig.run(["apply", "--auto-approve"]);
    expect(apply.code).toBe(0);
    expect(apply.stdout).toContain("orgsync temporary name");
    expect(organizationsOn()).toEqual(before);
    expect(rig.writes().filter((w) => w.method === "POST")).toEqual([]);
    expect((await rig.run(["plan", "--detailed-exitcode"])).code).toBe(0);
  });

  it("converges under 20% injected faults on both APIs: names put back, strays pruned, one created, no duplicate", async () => {
    rig = await startCliRig(
      {
        organizations: [
          "Alpha",
          "Beta",
          "Gamma",
          "Delta",
          "Stray 1",
          "Stray 2",
        ].map((name) => ({ name })),
      },
      {},
      // Faults drawn from a fixed sequence; one organization a service desk page, so every
      // listing makes seven service desk calls for the faults to land on.
      { random: seededRandom(7), serviceDeskPageLimit: 1 },
    );
    const ids = Object.fromEntries(
      ["Alpha", "Beta", "Gamma", "Delta"].map((name) => [name, idOf(name)]),
    );
    await rig.write({
      "orgsync/orgs.yaml": `apiVersion: orgsync/v1\nkind: Organizations\npruneOrganizations: true\norganizations:\n${Object.entries(
        ids,
      )
        .map(([name, id]) => `  - { name: ${name}, id: "${id}" }\n`)
        .join("")}  - name: Epsilon\n`,
    });
    await byHand((organizations) =>
      organizations.map((o) => {
        const swapped = { Alpha: "Beta", Beta: "Gamma", Gamma: "Alpha" }[
          o.name
        ];
        if (swapped) return { ...o, name: swapped };
        return o.name === "Delta" ? { ...o, name: "Delta by hand" } : o;
      }),
    );
    rig.emu.control.configure({
      faults: { rate: 0.2, kinds: ["500", "reset", "done-500"] },
    });
    // Concurrent requests draw the faults in no fixed order, so keep applying (a converged
    // site must stay converged under faults) until both APIs have been faulted.
    const faulted = (api: string): boolean =>
      rig.requests().some((r) => r.fault !== undefined && r.api === api);
    for (let attempt = 0; attempt < 16; attempt++) {
      const run = await rig.run(["apply", "--auto-approve", "--allow-delete"]);
      const converged = run.code === 0 && run.stdout.includes("No changes");
      if (converged && faulted("csm") && faulted("servicedesk")) break;
    }
    rig.emu.control.configure({ faults: null });
    expect(organizationsOn()).toEqual(
      [
        ...Object.entries(ids).map(([name, id]) => `${id}:${name}`),
        `${idOf("Epsilon")}:Epsilon`,
      ].sort(),
    );
    expect(faulted("csm")).toBe(true);
    expect(faulted("servicedesk")).toBe(true);
    expect((await rig.run(["plan", "--detailed-exitcode"])).code).toBe(0);
  });

  it("asks the service desk API before a rename, and never renames one SCIM manages", async () => {
    rig = await startCliRig({
      organizations: [
        { id: "1", name: "Acme", scimManaged: true },
        { id: "2", name: "Globex" },
      ],
    });
    await rig.write({
      "orgsync/orgs.yaml": manifest([
        ["Acme", "1"],
        ["Globex", "2"],
      ]),
    });
    await byHand((organizations) =>
      organizations.map((o) => ({ ...o, name: `${o.name} by hand` })),
    );
    const drift = await rig.run(["drift"]);
    expect(drift.stdout).toContain(
      'SCIM manages this organization (named "Acme by hand" on the site): orgsync never renames it',
    );
    expect(drift.stdout).not.toContain(
      'renamed on the site from "Acme" to "Acme by hand"',
    );
    rig.emu.control.clearRequests();
    const apply = await rig.run(["apply", "--auto-approve"]);
    expect(apply.code).toBe(0);
    expect(apply.stdout).toContain(
      'SCIM manages this organization (named "Acme by hand" on the site): orgsync never renames it',
    );
    expect(organizationsOn()).toEqual(["1:Acme by hand", "2:Globex"]);
    expect(
      serviceDeskCalls()
        .map((r) => `${r.method} ${r.path.replace(/.*servicedeskapi/, "")}`)
        .sort(),
    ).toEqual(["GET /organization/1", "GET /organization/2"]);
  });

  it("plans the rename with a warning when SCIM cannot be checked", async () => {
    await exportedSite(["Acme"]);
    await byHand((organizations) =>
      organizations.map((o) => ({ ...o, name: "ACME Holdings" })),
    );
    const wrong = `${rig.emu.origin}/rest/servicedeskapi/`;
    const plan = await rig.run(["plan", "--servicedesk-base-url", wrong]);
    expect(plan.code).toBe(0);
    expect(plan.stderr).toContain(
      `warning: SCIM could not be checked before the rename of organization["Acme"], which is planned anyway: the service desk API at ${wrong} has no organization with id ${idOf("ACME Holdings")} (is its root right?)`,
    );
    expect(plan.stdout).toContain(
      'renamed on the site from "Acme" to "ACME Holdings"',
    );
  });

  it("reads an id written as a YAML number with leading zeros as its value", async () => {
    rig = await startCliRig(
      { organizations: [{ id: "2", name: "Acme" }] },
      {
        "orgsync/orgs.yaml":
          "apiVersion: orgsync/v1\nkind: Organizations\norganizations:\n  - name: Acme Ltd\n    id: 002\n",
      },
    );
    const plan = await rig.run(["plan"]);
    expect(plan.stderr).toBe("");
    expect(plan.code).toBe(0);
    expect(plan.stdout).toContain(
      'renamed on the site from "Acme Ltd" to "Acme"',
    );
  });

  it("stops at an id the site does not have, instead of creating it", async () => {
    rig = await startCliRig(
      { organizations: [{ name: "Acme" }] },
      { "orgsync/orgs.yaml": manifest([["Acme", "999999"]]) },
    );
    const plan = await rig.run(["plan"]);
    expect(plan.code).toBe(1);
    expect(plan.stderr).toContain(
      'orgsync/orgs.yaml:4:23: error: organization "Acme" has id 999999, which is not an organization on this site',
    );
    expect(rig.writes()).toEqual([]);
  });
});

describe("pruneOrganizations", () => {
  it("deletes undeclared organizations only with --allow-delete, and never one SCIM manages", async () => {
    rig = await startCliRig(
      {
        organizations: [
          { name: "Acme" },
          { name: "Stray" },
          { name: "Owned by SCIM", scimManaged: true },
        ],
      },
      {
        "orgsync/orgs.yaml":
          "apiVersion: orgsync/v1\nkind: Organizations\npruneOrganizations: true\norganizations:\n  - name: Acme\n",
      },
    );
    const plan = await rig.run(["plan"]);
    expect(plan.code).toBe(0);
    expect(plan.stdout).toContain('organization["Stray"]');
    expect(plan.stdout).toContain(
      "SCIM manages this organization: pruneOrganizations never deletes it",
    );

    const refused = await rig.run(["apply", "--auto-approve"]);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain("--allow-delete");
    expect(rig.writes()).toEqual([]);

    const applied = await rig.run([
      "apply",
      "--auto-approve",
      "--allow-delete",
    ]);
    expect(applied.code).toBe(0);
    expect(
      rig.emu.control
        .state()
        .organizations.map((o) => o.name)
        .sort(),
    ).toEqual(["Acme", "Owned by SCIM"]);
    const again = await rig.run(["plan", "--detailed-exitcode"]);
    expect(again.code).toBe(0);
  });

  it("counts toward --max-deletes", async () => {
    rig = await startCliRig(
      { organizations: names(3).map((name) => ({ name })) },
      {
        "orgsync/orgs.yaml":
          "apiVersion: orgsync/v1\nkind: Organizations\npruneOrganizations: true\norganizations:\n  - name: Kept\n",
      },
    );
    const run = await rig.run([
      "apply",
      "--auto-approve",
      "--allow-delete",
      "--max-deletes",
      "2",
    ]);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain("--max-deletes");
    expect(rig.writes().filter((w) => w.method === "DELETE")).toEqual([]);
  });
});

describe("two APIs that disagree about ids", () => {
  it("deletes nothing when the service desk root is another site's", async () => {
    rig = await startCliRig(
      { organizations: [{ id: "1", name: "Acme Holdings" }] },
      {
        "orgsync/orgs.yaml":
          "apiVersion: orgsync/v1\nkind: Organizations\npruneOrganizations: true\norganizations:\n  - name: Acme Holdings\n",
      },
    );
    const other = await startEmulator({
      quiet: true,
      seed: { organizations: [{ id: "1", name: "Zeta" }] },
      token: TOKEN,
    });
    try {
      const run = await rig.run([
        "apply",
        "--auto-approve",
        "--allow-delete",
        "--servicedesk-base-url",
        other.serviceDeskBaseUrl,
      ]);
      expect(run.code).toBe(1);
      expect(run.stderr).toContain(
        'the service desk API and the CSM API disagree about id 1 ("Zeta" and "Acme Holdings"); are both roots the same site?',
      );
      expect(rig.writes()).toEqual([]);
      expect(organizationsOn()).toEqual(["1:Acme Holdings"]);
    } finally {
      await other.close();
    }
  });

  it("reports an organization only the service desk API lists, and deletes nothing", async () => {
    rig = await startCliRig(
      { organizations: [{ id: "1", name: "Acme" }] },
      {
        "orgsync/orgs.yaml":
          "apiVersion: orgsync/v1\nkind: Organizations\npruneOrganizations: true\norganizations:\n  - name: Acme\n",
      },
    );
    const other = await startEmulator({
      quiet: true,
      seed: {
        organizations: [
          { id: "1", name: "Acme" },
          { id: "2", name: "Ghost" },
        ],
      },
      token: TOKEN,
    });
    try {
      const run = await rig.run([
        "plan",
        "--servicedesk-base-url",
        other.serviceDeskBaseUrl,
      ]);
      expect(run.code).toBe(0);
      expect(run.stdout).toContain(
        "the CSM API has no organization with id 2, which the service desk API lists: pruneOrganizations cannot delete it",
      );
      expect(run.stdout).not.toMatch(/- organization\["Ghost"\]/);
    } finally {
      await other.close();
    }
  });
});

describe("a list that lacks an organization the CSM API finds", () => {
  it("says the token is not an agent instead of reporting the rest", async () => {
    rig = await startCliRig(
      {
        organizations: [
          { id: "1", name: "Acme" },
          { id: "2", name: "Globex" },
        ],
      },
      {
        "orgsync/orgs.yaml":
          "apiVersion: orgsync/v1\nkind: Organizations\norganizations:\n  - name: Acme\n  - name: Globex\n",
      },
    );
    // What a customer sees: only the organizations they belong to.
    const own = await startEmulator({
      quiet: true,
      seed: { organizations: [{ id: "1", name: "Acme" }] },
      token: TOKEN,
    });
    try {
      const run = await rig.run([
        "drift",
        "--fail-on-unmanaged",
        "--servicedesk-base-url",
        own.serviceDeskBaseUrl,
      ]);
      expect(run.code).toBe(1);
      expect(run.stderr).toContain(
        `the service desk API (${own.serviceDeskBaseUrl}) gives an incomplete list: not "Globex" (id 2), which the CSM API finds: the account is not an agent`,
      );
    } finally {
      await own.close();
    }
  });
});

describe("what an entry with an id declares", () => {
  it("only its id: an organization under one of its previous names is unmanaged", async () => {
    rig = await startCliRig(
      {
        organizations: [
          { id: "1", name: "Acme" },
          { id: "2", name: "Old Acme" },
        ],
      },
      {
        "orgsync/orgs.yaml":
          'apiVersion: orgsync/v1\nkind: Organizations\norganizations:\n  - { name: Acme, id: "1", previousNames: [Old Acme] }\n',
      },
    );
    const run = await rig.run(["plan", "--show-unmanaged"]);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain(
      'Organizations no manifest declares (1):\n  ? "Old Acme" (id 2)',
    );
  });
});
