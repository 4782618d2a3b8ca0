import { existsSync } from "node:fs";
import {
  mkdir,
  mkdtemp,
  readdir,
  readFile,
  rm,
  symlink,
} from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { afterEach, describe, expect, it } from "vitest";
import { parse } from "yaml";

import { PUBLISHED_SCHEMA_URL } from "../../src/cli/commands/export.js";
import type { EmulatorSeed } from "../../src/emulator/index.js";
import { startCliRig, type CliRig } from "./helpers/cli-rig.js";
import { generatedSite } from "../export/helpers/generated-site.js";

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "../..");

const SEED: EmulatorSeed = {
  fields: [
    { name: "Region", type: "SELECT", options: ["AU", "EU", "US"] },
    { name: "Renewal date", type: "DATE" },
  ],
  products: [{ name: "Acme Widget" }],
  organizations: [
    {
      name: "Acme Corp",
      details: { Region: "EU", "Renewal date": "2027-01-31" },
      products: ["Acme Widget"],
    },
    { name: "Globex", details: { Region: "US" } },
    { name: "Initech" },
  ],
};

let rig: CliRig;
afterEach(async () => {
  await rig.close();
});

async function files(dir: string): Promise<string[]> {
  const entries = await readdir(join(rig.dir, dir), {
    recursive: true,
    withFileTypes: true,
  });
  return entries
    .filter((entry) => entry.isFile())
    .map((entry) =>
      join(entry.parentPath, entry.name).slice(join(rig.dir, dir).length + 1),
    )
    .sort();
}

describe("orgsync export", () => {
  it("refuses to guess organizations the API cannot list, before any request", async () => {
    rig = await startCliRig(SEED);
    const { code, stderr } = await rig.run(["export"]);
    expect(code).toBe(1);
    expect(stderr).toContain(
      "the CSM API has no call that lists every organization",
    );
    expect(stderr).toContain("--org NAME");
    expect(rig.requests()).toEqual([]);
    const help = await rig.run(["export", "--help"]);
    expect(help.stdout).toContain("the API cannot list organizations");
  });

  it("writes fields.yaml and one file per named organization, into ./orgsync by default", async () => {
    rig = await startCliRig(SEED);
    const { code, stdout } = await rig.run([
      "export",
      "--org",
      "Acme Corp",
      "--org",
      "globex",
    ]);
    expect(code).toBe(0);
    expect(stdout).toBe(
      "Exported 2 detail fields and 2 organizations to orgsync: 3 files written, 0 unchanged.\n",
    );
    expect(await files("orgsync")).toEqual([
      "fields.yaml",
      join("organizations", "acme-corp.yaml"),
      join("organizations", "globex.yaml"),
    ]);
    const acme = await readFile(
      join(rig.dir, "orgsync/organizations/acme-corp.yaml"),
      "utf8",
    );
    expect(acme.split("\n")[0]).toBe(
      `# yaml-language-server: $schema=${PUBLISHED_SCHEMA_URL}`,
    );
    expect(parse(acme)).toEqual({
      apiVersion: "orgsync/v1",
      kind: "Organization",
      name: "Acme Corp",
      id: expect.stringMatching(/^[0-9]+$/),
      details: { Region: "EU", "Renewal date": "2027-01-31" },
      products: ["Acme Widget"],
    });
    expect(rig.requests().filter((request) => request.write)).toEqual([]);
  });

  it("checks every path before the first write: a symlinked organizations folder leaves no fields.yaml (issue 13, finding 9)", async () => {
    rig = await startCliRig(SEED);
    const elsewhere = await mkdtemp(join(tmpdir(), "orgsync-elsewhere-"));
    try {
      await mkdir(join(rig.dir, "orgsync"));
      await symlink(elsewhere, join(rig.dir, "orgsync", "organizations"));
      const { code, stderr } = await rig.run(["export", "--org", "Globex"]);
      expect(code).toBe(1);
      expect(stderr).toContain("resolves outside the output directory");
      expect(stderr).not.toMatch(/\n\s+at /);
      expect(await readdir(join(rig.dir, "orgsync"))).toEqual([
        "organizations",
      ]);
      expect(await readdir(elsewhere)).toEqual([]);
    } finally {
      await rm(elsewhere, { recursive: true, force: true });
    }
  });

  it("exports only the fields with --fields-only", async () => {
    rig = await startCliRig(SEED);
    const { code } = await rig.run([
      "export",
      "--fields-only",
      "--out",
      "site",
    ]);
    expect(code).toBe(0);
    expect(await files("site")).toEqual(["fields.yaml"]);
    const conflict = await rig.run([
      "export",
      "--fields-only",
      "--org",
      "Globex",
    ]);
    expect(conflict.code).toBe(1);
  });

  it("names every organization it cannot find, and writes nothing", async () => {
    rig = await startCliRig(SEED);
    await rig.write({
      "names.txt":
        "# adopt these\nAcme Corp\nNope Inc\n\nGlobex\nAlso Missing\n",
    });
    const { code, stderr } = await rig.run([
      "export",
      "--from-file",
      "names.txt",
    ]);
    expect(code).toBe(1);
    expect(stderr).not.toContain("not found: ");
    expect(stderr).toContain(
      '2 organizations not found on the site: "Nope Inc", "Also Missing"; nothing was written',
    );
    expect(existsSync(join(rig.dir, "orgsync"))).toBe(false);
  });

  it("lists every missing name, one a line, when there are more than the error shows", async () => {
    rig = await startCliRig(SEED);
    const missing = Array.from({ length: 25 }, (_, i) => `Missing ${i}`);
    const { code, stderr } = await rig.run([
      "export",
      ...missing.flatMap((name) => ["--org", name]),
    ]);
    expect(code).toBe(1);
    expect(stderr.match(/^not found: /gm)).toHaveLength(25);
    expect(stderr).toContain("and 5 more; nothing was written");
  });

  it("points the modeline at orgsync's installed schema when it lies inside the working directory", async () => {
    rig = await startCliRig(SEED);
    const out = await mkdtemp(join(tmpdir(), "orgsync-out-"));
    try {
      // Run from the repository root, where schema/ is inside the working directory; the
      // output goes elsewhere so the repository is left alone.
      const { code } = await rig.run(
        ["export", "--fields-only", "--out", out],
        { cwd: ROOT },
      );
      expect(code).toBe(0);
      const text = await readFile(join(out, "fields.yaml"), "utf8");
      const ref = /^# yaml-language-server: \$schema=(.+)$/m.exec(text)![1]!;
      expect(ref).not.toMatch(/^https?:/);
      expect(resolve(out, ref)).toBe(
        join(ROOT, "schema", "orgsync.schema.json"),
      );
      expect(existsSync(resolve(out, ref))).toBe(true);
    } finally {
      await rm(out, { recursive: true, force: true });
    }
  });

  it("works against a site that refuses every write, and reads in 1 + ceil(N/25) requests", async () => {
    rig = await startCliRig(generatedSite(60), {}, { readOnly: true });
    const { code } = await rig.run([
      "export",
      ...generatedSite(60).organizations!.flatMap((org) => ["--org", org.name]),
    ]);
    expect(code).toBe(0);
    const requests = rig.requests();
    expect(requests.filter((request) => request.write)).toEqual([]);
    // Detail fields, 3 batches of profiles, and one product page (some are entitled).
    expect(requests).toHaveLength(1 + 3 + 1);
  });

  it("round-trips: drift finds nothing in what export wrote, and a second export changes no file", async () => {
    const seed = generatedSite(300);
    rig = await startCliRig(seed);
    const names = seed.organizations!.map((org) => org.name);
    const listed = names.filter(
      (name) => !name.startsWith("#") && !name.includes("\t"),
    );
    await rig.write({ "names.txt": `${listed.join("\n")}\n` });
    const extra = names
      .filter((name) => !listed.includes(name))
      .flatMap((name) => ["--org", name]);

    const first = await rig.run([
      "export",
      "--from-file",
      "names.txt",
      ...extra,
    ]);
    expect(first.stderr).toBe("");
    expect(first.code).toBe(0);
    expect(first.stdout).toContain("301 files written, 0 unchanged");
    const stems = (await files("orgsync")).filter((file) =>
      file.startsWith("organizations"),
    );
    expect(stems).toHaveLength(300);
    expect(stems).toContain(join("organizations", "etc-passwd.yaml"));
    expect(stems).toContain(join("organizations", "con-org.yaml"));
    expect(
      stems.filter((stem) => /acme-corp-[0-9a-f]{8}\.yaml$/.test(stem)),
    ).toHaveLength(3);

    const drift = await rig.run(["drift"]);
    expect(drift.stderr).not.toContain("error");
    expect(drift.code).toBe(0);
    expect(drift.stdout).toMatch(/^No drift: /);

    const second = await rig.run([
      "export",
      "--from-file",
      "names.txt",
      ...extra,
    ]);
    expect(second.stdout).toContain("0 files written, 301 unchanged");
  });
});
