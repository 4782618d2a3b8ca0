import {
  mkdtemp,
  mkdir,
  readdir,
  readFile,
  rm,
  symlink,
  writeFile,
} from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";

import { writeExportFiles } from "../../src/export/write-export-files.js";

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), "orgsync-write-"));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** An output directory whose `organizations` folder is a symlink to a folder outside it. */
async function symlinkedOrganizations(): Promise<{
  out: string;
  elsewhere: string;
}> {
  const out = join(dir, "out");
  const elsewhere = join(dir, "elsewhere");
  await mkdir(out);
  await mkdir(elsewhere);
  await symlink(elsewhere, join(out, "organizations"));
  return { out, elsewhere };
}

describe("writeExportFiles", () => {
  it("writes files under the output directory, creating folders, leaving no temporary files", async () => {
    const out = join(dir, "out");
    const summary = await writeExportFiles(out, [
      { path: "fields.yaml", text: "a: 1\n" },
      { path: "organizations/acme.yaml", text: "b: 2\n" },
    ]);
    expect(summary.written).toEqual([
      join(out, "fields.yaml"),
      join(out, "organizations", "acme.yaml"),
    ]);
    expect(
      await readFile(join(out, "organizations", "acme.yaml"), "utf8"),
    ).toBe("b: 2\n");
    expect((await readdir(join(out, "organizations"))).sort()).toEqual([
      "acme.yaml",
    ]);
  });

  it("leaves files that already hold the same bytes, and files it was not given", async () => {
    const out = join(dir, "out");
    await mkdir(join(out, "organizations"), { recursive: true });
    await writeFile(join(out, "fields.yaml"), "same\n");
    await writeFile(join(out, "organizations", "other.yaml"), "keep\n");
    const summary = await writeExportFiles(out, [
      { path: "fields.yaml", text: "same\n" },
      { path: "organizations/acme.yaml", text: "new\n" },
    ]);
    expect(summary.unchanged).toEqual([join(out, "fields.yaml")]);
    expect(summary.written).toEqual([join(out, "organizations", "acme.yaml")]);
    expect(
      await readFile(join(out, "organizations", "other.yaml"), "utf8"),
    ).toBe("keep\n");
  });

  it("refuses a path that leads outside, before writing anything", async () => {
    const out = join(dir, "out");
    await expect(
      writeExportFiles(out, [
        { path: "fields.yaml", text: "x\n" },
        { path: "organizations/../../escape.yaml", text: "x\n" },
      ]),
    ).rejects.toMatchObject({ code: "E_EXPORT_PATH" });
    expect(await readdir(dir)).toEqual([]);
  });

  it("refuses to follow a symlinked folder out of the output directory", async () => {
    const { out, elsewhere } = await symlinkedOrganizations();
    await expect(
      writeExportFiles(out, [{ path: "organizations/acme.yaml", text: "x\n" }]),
    ).rejects.toMatchObject({ code: "E_EXPORT_PATH" });
    expect(await readdir(elsewhere)).toEqual([]);
  });

  it("checks every folder before the first write: a symlinked folder met later writes nothing at all (issue 13, finding 9)", async () => {
    const { out, elsewhere } = await symlinkedOrganizations();
    await expect(
      writeExportFiles(out, [
        { path: "fields.yaml", text: "x\n" },
        { path: "a/b/new.yaml", text: "x\n" },
        { path: "organizations/deeper/acme.yaml", text: "x\n" },
      ]),
    ).rejects.toMatchObject({ code: "E_EXPORT_PATH" });
    expect((await readdir(out)).sort()).toEqual(["organizations"]);
    expect(await readdir(elsewhere)).toEqual([]);
  });
});
