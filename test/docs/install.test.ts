/**
 * The README's install section, checked: in a project that installed orgsync as the README
 * says (`npm install --save-dev /path/to/orgsync` links the checkout as node_modules/orgsync),
 * the schema modelines that `orgsync export` writes, and the README's own, resolve; so do the
 * modelines of examples/. And the README installs nothing from a registry orgsync is not on.
 */
import { existsSync } from "node:fs";
import { readdir, readFile, symlink } from "node:fs/promises";
import { dirname, join, resolve } from "node:path";

import { afterEach, describe, expect, it } from "vitest";

import type { EmulatorSeed } from "../../src/emulator/index.js";
import { startCliRig, type CliRig } from "../cli/helpers/cli-rig.js";

const ROOT = join(import.meta.dirname, "../..");
const README = await readFile(join(ROOT, "README.md"), "utf8");

/** The file a `# yaml-language-server: $schema=PATH` first line points to, from `file`. */
async function modelineTarget(file: string): Promise<string> {
  const first = (await readFile(file, "utf8")).split("\n")[0] ?? "";
  const match = /^# yaml-language-server: \$schema=(\S+)$/.exec(first);
  expect(match, `${file}: ${first}`).not.toBeNull();
  return resolve(dirname(file), match![1]!);
}

async function yamlFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries
    .filter((e) => e.isFile() && e.name.endsWith(".yaml"))
    .map((e) => join(e.parentPath, e.name));
}

let rig: CliRig | undefined;
afterEach(async () => {
  await rig?.close();
});

describe("README install section", () => {
  it("installs orgsync from a checkout, never `npm install orgsync` from the registry", () => {
    expect(README).not.toMatch(/npm (?:install|i)\b[^\n`]*\sorgsync\b/);
    expect(README).toContain("npm install --save-dev /path/to/orgsync");
  });

  it("in a project that installed it so, export's modelines and the README's resolve", async () => {
    const seed = JSON.parse(
      await readFile(join(ROOT, "examples/emulator-seed.json"), "utf8"),
    ) as EmulatorSeed;
    rig = await startCliRig(seed);
    const names = (seed.organizations ?? []).slice(0, 2).map((o) => o.name);
    await rig.write({
      "names.txt": `${names.join("\n")}\n`,
      "node_modules/.package-lock.json": "{}",
    });
    // What `npm install --save-dev /path/to/orgsync` does: a link to the checkout.
    await symlink(ROOT, join(rig.dir, "node_modules/orgsync"), "dir");
    const exported = await rig.run(["export", "--from-file", "names.txt"]);
    expect(exported.code, exported.stderr).toBe(0);
    const files = await yamlFiles(join(rig.dir, "orgsync"));
    expect(files.length).toBe(3);
    for (const file of files) {
      const target = await modelineTarget(file);
      expect(target, file).toContain(join("node_modules", "orgsync"));
      expect(existsSync(target), `${file} → ${target}`).toBe(true);
    }
    // The modelines the README and docs show, for a manifest in ./orgsync.
    const docs = await Promise.all(
      ["README.md", "docs/manifest.md"].map((f) =>
        readFile(join(ROOT, f), "utf8"),
      ),
    );
    const shown = docs.flatMap((text) =>
      [...text.matchAll(/\$schema=(\S+)/g)].map((m) => m[1]!),
    );
    expect(shown.length).toBe(2);
    for (const path of shown) {
      expect(existsSync(resolve(rig.dir, "orgsync", path)), path).toBe(true);
    }
  });

  it("the example manifests' modelines resolve in this repository", async () => {
    const files = await yamlFiles(join(ROOT, "examples/orgsync"));
    expect(files.length).toBeGreaterThan(0);
    for (const file of files) {
      expect(existsSync(await modelineTarget(file)), file).toBe(true);
    }
  });
});
