/**
 * Issue 15.2: export never clobbers hand-written files. It refuses (exit 1, nothing written)
 * when --out holds files it would overwrite with other content, and lists them; --force
 * overwrites; a second export over its own output writes nothing; an organization that a
 * manifest already in --out declares in another file is skipped, with a note on stderr.
 */
import { existsSync } from "node:fs";
import { readdir, readFile, rm, stat } from "node:fs/promises";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";

import type { EmulatorSeed } from "../../src/emulator/index.js";
import { startCliRig, type CliRig } from "./helpers/cli-rig.js";

const SEED: EmulatorSeed = {
  fields: [{ name: "Region", type: "SELECT", options: ["AU", "EU", "US"] }],
  organizations: [
    { name: "Acme Corp", details: { Region: "EU" } },
    { name: "Acme-Corp", details: { Region: "AU" } },
    { name: "Globex", details: { Region: "US" } },
  ],
};

const HAND_WRITTEN = `# Acme, by hand: the account team's notes live here.
apiVersion: orgsync/v1
kind: Organization
name: Acme Corp
details:
  Region: EU
`;

const EXPORT = ["export", "--org", "Acme Corp", "--org", "Globex"];

let rig: CliRig;
beforeEach(async () => {
  rig = await startCliRig(SEED);
});
afterEach(async () => {
  await rig.close();
});

const read = (file: string) => readFile(join(rig.dir, file), "utf8");
const exists = (file: string) => existsSync(join(rig.dir, file));

describe("export over files already in --out (issue 15.2)", () => {
  it("refuses to overwrite a file with other content, lists it, and writes nothing", async () => {
    await rig.write({ "orgsync/organizations/acme-corp.yaml": HAND_WRITTEN });
    const { code, stdout, stderr } = await rig.run(EXPORT);
    expect(code).toBe(1);
    expect(stdout).toBe("");
    expect(stderr).toContain(
      "1 file in " +
        join(rig.dir, "orgsync") +
        " would be overwritten with other content; nothing was written:\n  organizations/acme-corp.yaml",
    );
    expect(stderr).toContain("pass --force to overwrite them");
    expect(stderr).not.toMatch(/\n\s+at /);
    expect(await read("orgsync/organizations/acme-corp.yaml")).toBe(
      HAND_WRITTEN,
    );
    expect(exists("orgsync/fields.yaml")).toBe(false);
    expect(exists("orgsync/organizations/globex.yaml")).toBe(false);
  });

  it("--force overwrites it", async () => {
    await rig.write({ "orgsync/organizations/acme-corp.yaml": HAND_WRITTEN });
    const { code, stdout } = await rig.run([...EXPORT, "--force"]);
    expect(code).toBe(0);
    expect(stdout).toContain("3 files written, 0 unchanged");
    const acme = await read("orgsync/organizations/acme-corp.yaml");
    expect(acme).not.toContain("account team");
    expect(acme).toContain("name: Acme Corp");
  });

  it("a second export over its own output writes nothing", async () => {
    const first = await rig.run(EXPORT);
    expect(first.code).toBe(0);
    expect(first.stdout).toContain("3 files written, 0 unchanged");
    const before = await stat(join(rig.dir, "orgsync/fields.yaml"));
    const second = await rig.run(EXPORT);
    expect(second.code).toBe(0);
    expect(second.stderr).toBe("");
    expect(second.stdout).toContain("0 files written, 3 unchanged");
    const after = await stat(join(rig.dir, "orgsync/fields.yaml"));
    expect(after.mtimeMs).toBe(before.mtimeMs);
    expect(after.ino).toBe(before.ino);
  });

  it("skips an organization another file in --out declares, says so, and the directory stays valid", async () => {
    await rig.write({
      "orgsync/key-accounts.yaml": HAND_WRITTEN.replace(
        "name: Acme Corp",
        "name: ACME CORP",
      ),
    });
    const { code, stdout, stderr } = await rig.run(EXPORT);
    expect(code).toBe(0);
    expect(stderr).toBe(
      'skipped "Acme Corp": key-accounts.yaml in the output directory already declares it\n',
    );
    expect(stdout).toContain("and 1 organization to");
    expect(exists("orgsync/organizations/acme-corp.yaml")).toBe(false);
    expect(exists("orgsync/organizations/globex.yaml")).toBe(true);
    const validate = await rig.run(["validate"]);
    expect(validate.stderr).toBe("");
    expect(validate.stdout).toBe("3 files, 1 field, 2 organizations: valid\n");
  });

  it("skips a detail field another file in --out declares, so fields.yaml does not declare it twice", async () => {
    await rig.write({
      "orgsync/my-fields.yaml":
        "apiVersion: orgsync/v1\nkind: DetailFields\nfields:\n  - name: region\n    type: SELECT\n    options: [AU, EU, US]\n",
    });
    const { code, stdout, stderr } = await rig.run(EXPORT);
    expect(code).toBe(0);
    expect(stderr).toBe(
      'skipped field "Region": my-fields.yaml in the output directory already declares it\n',
    );
    expect(stdout).toContain("Exported 0 detail fields and 2 organizations");
    const validate = await rig.run(["validate"]);
    expect(validate.stderr).toBe("");
    expect(validate.stdout).toBe("4 files, 1 field, 2 organizations: valid\n");
  });

  it("does not skip for a file the loader never reads (a hidden folder)", async () => {
    await rig.write({ "orgsync/.backup/old.yaml": HAND_WRITTEN });
    const { code, stderr } = await rig.run(EXPORT);
    expect(code).toBe(0);
    expect(stderr).toBe("");
    expect(exists("orgsync/organizations/acme-corp.yaml")).toBe(true);
    const validate = await rig.run(["validate"]);
    expect(validate.stdout).toBe("3 files, 1 field, 2 organizations: valid\n");
  });

  it("keeps file names stable when it skips one of two names that share a stem", async () => {
    // A first export of both gives each a hashed file name.
    const both = ["export", "--org", "Acme Corp", "--org", "Acme-Corp"];
    expect((await rig.run(both)).code).toBe(0);
    const stems = (await rig.run(["validate"])).stdout;
    expect(stems).toBe("3 files, 1 field, 2 organizations: valid\n");
    // Acme-Corp is then moved by hand into a file of its own.
    const files = await readdir(join(rig.dir, "orgsync/organizations"));
    const acmeCorpFile = (
      await Promise.all(
        files.map(async (file) => ({
          file,
          text: await read(`orgsync/organizations/${file}`),
        })),
      )
    ).find(({ text }) => text.includes("name: Acme-Corp"))!;
    await rm(join(rig.dir, "orgsync/organizations", acmeCorpFile.file));
    await rig.write({ "orgsync/hand/acme-corp.yaml": acmeCorpFile.text });

    const again = await rig.run(both);
    expect(again.code).toBe(0);
    expect(again.stderr).toContain(
      'skipped "Acme-Corp": hand/acme-corp.yaml in the output directory already declares it',
    );
    expect(again.stdout).toContain("0 files written, 2 unchanged");
    const validate = await rig.run(["validate"]);
    expect(validate.stderr).toBe("");
    expect(validate.code).toBe(0);
  });
});
