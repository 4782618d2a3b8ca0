/**
 * No documented call sets a field's position: the site lists fields in the order they were
 * made. So apply creates new fields one after another in manifest order, and export writes
 * them in the site's order.
 */
import { readFile } from "node:fs/promises";
import { join } from "node:path";

import { afterEach, describe, expect, it } from "vitest";

import { startCliRig, type CliRig } from "./helpers/cli-rig.js";

const NAMES = ["Zeta", "Alpha", "Mu", "Beta", "Omega", "Delta"];

let rig: CliRig | undefined;
afterEach(async () => {
  await rig?.close();
  rig = undefined;
});

describe("field order", () => {
  it("creates new fields in manifest order, and export keeps the site's order", async () => {
    const fields = NAMES.map((name) => `  - { name: ${name}, type: TEXT }`);
    rig = await startCliRig(
      { fields: [{ name: "Existing", type: "TEXT" }] },
      {
        "fields.yaml": `apiVersion: orgsync/v1\nkind: DetailFields\nfields:\n  - { name: Existing, type: TEXT }\n${fields.join("\n")}\n`,
      },
      // Answers that take 0–30 ms: creates sent together would land in any order.
      { latency: { fixedMs: 0, jitterMs: 30 } },
    );
    const applied = await rig.run(["apply", ".", "--auto-approve"]);
    expect(applied.code, applied.stdout + applied.stderr).toBe(0);
    expect(rig.emu.control.state().fields.map((f) => f.name)).toEqual([
      "Existing",
      ...NAMES,
    ]);
    const exported = await rig.run(["export", "--fields-only", "--out", "out"]);
    expect(exported.code, exported.stderr).toBe(0);
    const text = await readFile(join(rig.dir, "out", "fields.yaml"), "utf8");
    expect([...text.matchAll(/- name: (.+)/g)].map((m) => m[1])).toEqual([
      "Existing",
      ...NAMES,
    ]);
  });
});
