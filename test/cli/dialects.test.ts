/**
 * The end-to-end loop of the README demo (its manifests, products included) through the real
 * CLI against the emulator in each of its dialects: `strict` answers exactly as Atlassian
 * documents; `lenient` adds unknown properties to every object, ends the product list with
 * `nextPageCursor: null` and words errors in Atlassian's other envelopes. The client must
 * read both alike: plan → apply → plan empty, drift clean, and export round-trips.
 */
import { cp, readFile } from "node:fs/promises";
import { join } from "node:path";

import { afterEach, describe, expect, it } from "vitest";

import { DIALECTS, type EmulatorSeed } from "../../src/emulator/index.js";
import { startCliRig, type CliRig } from "./helpers/cli-rig.js";

const EXAMPLES = join(import.meta.dirname, "../../examples");

async function demoRig(dialect: (typeof DIALECTS)[number]): Promise<CliRig> {
  const seed = JSON.parse(
    await readFile(join(EXAMPLES, "emulator-seed.json"), "utf8"),
  ) as EmulatorSeed;
  const rig = await startCliRig(seed, {}, { dialect });
  await cp(join(EXAMPLES, "orgsync"), join(rig.dir, "orgsync"), {
    recursive: true,
  });
  return rig;
}

let rig: CliRig | undefined;
afterEach(async () => {
  await rig?.close();
  rig = undefined;
});

describe.each(DIALECTS)("the demo loop, %s dialect", (dialect) => {
  it("plans, applies, plans nothing, drifts nothing, and exports what it applied", async () => {
    rig = await demoRig(dialect);
    const planned = await rig.run([
      "plan",
      "--out",
      "plan.json",
      "--detailed-exitcode",
    ]);
    expect(planned.stderr).not.toMatch(/error|warning/i);
    expect(planned.code).toBe(2);
    expect(planned.stdout).toContain('organization["Kangaroo Banking Group"]');
    expect(planned.stdout).toContain('products: "Acme Widget", "Acme Gadget"');

    const applied = await rig.run([
      "apply",
      "--plan",
      "plan.json",
      "--auto-approve",
    ]);
    expect(applied.code, applied.stderr).toBe(0);
    expect(applied.stdout + applied.stderr).toMatch(
      /Apply complete: \d+ applied, 0 failed/,
    );

    const again = await rig.run(["plan", "--detailed-exitcode"]);
    expect(again.code, again.stdout + again.stderr).toBe(0);
    expect(again.stdout).toContain("No changes.");

    const drift = await rig.run(["drift"]);
    expect(drift.code, drift.stdout + drift.stderr).toBe(0);

    const names = rig.emu.control.state().organizations.map((o) => o.name);
    const exported = await rig.run([
      "export",
      "--out",
      "exported",
      ...names.flatMap((name) => ["--org", name]),
    ]);
    expect(exported.code, exported.stderr).toBe(0);
    const roundTrip = await rig.run([
      "plan",
      "exported",
      "--detailed-exitcode",
    ]);
    expect(roundTrip.code, roundTrip.stdout + roundTrip.stderr).toBe(0);

    // The dialect really was in force: the site answered in its own words.
    expect(rig.emu.control.settings().dialect).toBe(dialect);
  });
});

describe("the lenient dialect is not the strict one", () => {
  it("adds unknown properties, ends the product list with null and varies error envelopes", async () => {
    rig = await demoRig("lenient");
    const headers = {
      Authorization: `Bearer ${rig.env().ORGSYNC_TOKEN}`,
      Accept: "application/json",
    };
    const products = (await (
      await fetch(new URL("product", rig.emu.baseUrl), { headers })
    ).json()) as Record<string, unknown>;
    expect(products.nextPageCursor).toBeNull();
    expect(Object.keys(products)).toEqual(
      expect.arrayContaining(["results", "_links", "emulatorUnknown"]),
    );
    const bodies: string[] = [];
    for (let i = 0; i < 3; i += 1) {
      const reply = await fetch(
        new URL("organization/details/Nope", rig.emu.baseUrl),
        {
          method: "DELETE",
          headers,
        },
      );
      expect(reply.status).toBe(404);
      bodies.push(
        Object.keys((await reply.json()) as object)
          .sort()
          .join(),
      );
    }
    expect(new Set(bodies).size).toBe(3);
    rig.emu.control.configure({ rateLimit: { rps: 1, burst: 1 } });
    await fetch(new URL("organization/details", rig.emu.baseUrl), { headers });
    const limited = await fetch(
      new URL("organization/details", rig.emu.baseUrl),
      {
        headers,
      },
    );
    expect(limited.status).toBe(429);
    expect(limited.headers.get("content-type")).toMatch(/^text\/html/);
    expect(await limited.text()).toContain("<html>");
  });
});
