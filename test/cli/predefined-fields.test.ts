/**
 * Sites may come with predefined organization detail fields (CSM-API.md). Deleting one wipes
 * its values on every organization, so `prune: true` never plans it unless a manifest names
 * it with `ensure: absent`; a manifest that declares one with its type adopts it.
 */
import { afterEach, describe, expect, it } from "vitest";

import { startCliRig, type CliRig } from "./helpers/cli-rig.js";

const SEED = {
  predefinedFields: true,
  fields: [{ name: "Legacy", type: "TEXT" }],
  organizations: [
    {
      name: "Acme",
      details: { Industry: "Retail", Website: "https://acme.example" },
    },
  ],
};

const fields = (body: string): string =>
  `apiVersion: orgsync/v1\nkind: DetailFields\nprune: true\nfields:\n${body}`;

let rig: CliRig | undefined;
afterEach(async () => {
  await rig?.close();
  rig = undefined;
});

describe("predefined fields", () => {
  it("prune: true plans no delete of a predefined field the manifests do not name", async () => {
    rig = await startCliRig(SEED, {
      "fields.yaml": fields("  - name: Region\n    type: TEXT\n"),
    });
    const run = await rig.run(["plan", ".", "--format", "json"]);
    expect(run.code, run.stderr).toBe(0);
    const plan = JSON.parse(run.stdout) as {
      changes: { address: string; action: string }[];
    };
    expect(
      plan.changes.filter((c) => c.action === "delete").map((c) => c.address),
    ).toEqual(['field["Legacy"]']);
    // The site really has them: six predefined fields and Legacy.
    expect(rig.emu.control.state().fields.map((f) => f.name)).toEqual([
      "Type",
      "Industry",
      "External ID",
      "Address",
      "Website",
      "Customer Segment",
      "Legacy",
    ]);
  });

  it("adopts one declared with its type, and names it when the type differs", async () => {
    rig = await startCliRig(SEED, {
      "fields.yaml": fields(
        "  - name: Legacy\n    type: TEXT\n  - name: Industry\n    type: TEXT\n",
      ),
    });
    const adopted = await rig.run(["plan", ".", "--detailed-exitcode"]);
    expect(adopted.code, adopted.stdout + adopted.stderr).toBe(0);

    await rig.close();
    rig = await startCliRig(SEED, {
      "fields.yaml": fields(
        "  - name: Legacy\n    type: TEXT\n  - name: Website\n    type: TEXT\n",
      ),
    });
    const clash = await rig.run(["plan", "."]);
    expect(clash.code).toBe(1);
    expect(clash.stderr).toContain(
      'field "Website" is the site\'s predefined field "Website" of type URL',
    );
    expect(rig.writes()).toEqual([]);
  });

  it("deletes one only when a manifest names it with ensure: absent (and apply has --allow-delete)", async () => {
    rig = await startCliRig(SEED, {
      "fields.yaml": fields(
        "  - name: Legacy\n    type: TEXT\n  - name: Website\n    type: URL\n    ensure: absent\n",
      ),
    });
    const refused = await rig.run(["apply", ".", "--auto-approve"]);
    expect(refused.code).toBe(1);
    expect(rig.writes()).toEqual([]);
    const applied = await rig.run([
      "apply",
      ".",
      "--auto-approve",
      "--allow-delete",
    ]);
    expect(applied.code, applied.stdout + applied.stderr).toBe(0);
    expect(rig.emu.control.state().fields.map((f) => f.name)).not.toContain(
      "Website",
    );
  });
});
