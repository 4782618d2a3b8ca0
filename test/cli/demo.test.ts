/**
 * `orgsync demo` (what `npm start` runs): the embedded emulator seeded from examples/, then
 * plan, apply and plan again with the real CLI, in-process. Also checks that the example
 * manifests and the example seed fit each other (the examples converge).
 */
import { cp, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";

import { describe, expect, it } from "vitest";

import type { CliIo } from "../../src/cli/io.js";
import { main } from "../../src/cli/main.js";

const ROOT = join(import.meta.dirname, "../..");

async function runDemo(
  argv: string[],
  env: Record<string, string> = {},
  cwd = ROOT,
): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = "";
  let stderr = "";
  const io: CliIo = {
    stdout: { write: (s: string) => (stdout += s) },
    stderr: { write: (s: string) => (stderr += s) },
    env,
    cwd,
  };
  const code = await main(["demo", ...argv], io);
  return { code, stdout, stderr };
}

describe("orgsync demo", () => {
  it("plans, applies and plans again against the examples, ending with an empty plan", async () => {
    // A real site configured in the environment must never be touched by the demo.
    const run = await runDemo([], {
      ORGSYNC_CLOUD_ID: "11111111-2222-3333-4444-555555555555",
      ORGSYNC_BASE_URL: "https://api.atlassian.com/jsm/csm/cloudid/x/api/v1/",
    });
    expect(run.stderr).not.toMatch(/error|warning/i);
    expect(run.stderr).toContain("Saved the plan to");
    expect(run.code).toBe(0);
    const [, first, second, third] = run.stdout.split(/^── \d\. /m);
    expect(first).toMatch(
      /^What would change\?\n\$ orgsync plan examples\/orgsync --out \S+plan\.json\n/,
    );
    expect(first).toContain('~ field["Level"] → "Tier"');
    expect(first).toMatch(
      /Plan: \d+ to create, \d+ to update, 2 to rename, 0 to delete/,
    );
    expect(second).toMatch(
      /\$ orgsync apply --plan \S+plan\.json --auto-approve\n/,
    );
    expect(second).toMatch(
      /Apply complete: \d+ applied, 0 failed, 0 skipped\./,
    );
    expect(run.stderr).toMatch(/✓ field\["Tier"\] renamed/);
    expect(third).toContain(
      "$ orgsync plan examples/orgsync --detailed-exitcode",
    );
    expect(third).toContain("No changes. The site matches the manifests.");
    expect(run.stdout).toContain("The second plan is empty");
    expect(run.stdout).toMatch(
      /a CSM site emulated on http:\/\/127\.0\.0\.1:\d+/,
    );
    expect(run.stdout).not.toContain("atlassian.com");
  });

  it("fails, saying so, when the examples and the seed do not converge", async () => {
    const dir = await mkdtemp(join(tmpdir(), "orgsync-demo-"));
    try {
      await cp(join(ROOT, "examples"), dir, { recursive: true });
      // A field of another type on the site: the plan replaces it, which apply refuses
      // without --allow-replace, so the demo must fail loudly.
      await writeFile(
        join(dir, "emulator-seed.json"),
        JSON.stringify({ fields: [{ name: "Renewal date", type: "TEXT" }] }),
      );
      const run = await runDemo(["--examples", dir], {}, dir);
      expect(run.code).toBe(1);
      expect(run.stderr).toContain("demo failed");
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it("says what is missing when there is no emulator seed", async () => {
    const dir = await mkdtemp(join(tmpdir(), "orgsync-demo-"));
    try {
      const run = await runDemo(["--examples", dir], {}, dir);
      expect(run.code).toBe(1);
      expect(run.stderr).toContain("the demo needs an emulator seed at");
      expect(run.stderr).toContain("emulator-seed.json");
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
