/**
 * Issue 9.4: a sentinel token through every command, with --debug, in every way credentials
 * can be given, on every failure path the emulator can produce and against a server that
 * echoes the credentials back: the sentinel never appears on stdout, stderr, or in any file
 * written. Credentials in a base URL, or interpolated into manifests, are refused without
 * being echoed. (test/api/sentinel-token.test.ts checks the client's errors and debug log
 * on their own; this runs the whole CLI.) `npm run soak` runs the full matrix.
 */
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";

import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { runCli } from "../cli/helpers/run-cli.js";

import { hostileInputs, OTHER_SECRET } from "./secret-inputs.js";
import {
  BEHAVIOURS,
  COMMANDS,
  MANIFEST,
  SENTINEL,
  WAYS,
  emptySweep,
  filesUnder,
  leaks,
  startSweepSites,
  sweep,
  type SweepSites,
} from "./secret-sweep.js";

/** Bounded for npm test: slow behaviours (a 429 waits a second) only on a few commands. */
const SLOW = new Set(["429 once", "hang once", "500 once", "reset once"]);
const FEW = COMMANDS.filter((c) =>
  ["plan site.yaml --debug", "apply site.yaml --debug"].includes(
    c.slice(0, 3).join(" "),
  ),
);

let sites: SweepSites;
beforeAll(async () => {
  sites = await startSweepSites();
});
afterAll(async () => {
  await sites.close();
});

describe("a sentinel token", () => {
  it.each(WAYS.map((way) => [way.name, way] as const))(
    "given as %s never appears in output or files, whatever the site does",
    async (_name, way) => {
      const result = emptySweep();
      const first = way === WAYS[0];
      for (const behaviour of BEHAVIOURS) {
        // Every behaviour for the first way; the fast ones for the others.
        if (!first && SLOW.has(behaviour.name)) continue;
        const commands = first && SLOW.has(behaviour.name) ? FEW : COMMANDS;
        await sweep(sites, way, behaviour, commands, result);
      }
      console.info(
        `secrets (${way.name}): ${result.runs} command runs, ${result.debugLines} debug lines, ${result.leaks.length} leaks`,
      );
      expect(result.leaks).toEqual([]);
      expect(result.crashes).toEqual([]);
      // The paths that matter ran: debug output, successes, failures and drift found.
      expect(result.debugLines).toBeGreaterThan(100);
      // The --record transcripts were written, and scanned like every other file.
      expect(result.recordFiles).toBeGreaterThan(20);
      expect(result.exits.get(0)).toBeGreaterThan(0);
      expect(result.exits.get(1)).toBeGreaterThan(0);
      expect(result.exits.get(2)).toBeGreaterThan(0);
    },
    60_000,
  );

  // Issue 13, finding 3: data outputs are never redacted; a value holding the token is refused.
  it("held in the site's data is refused by plan, drift and export, naming the address", async () => {
    const behaviour = BEHAVIOURS.find((b) => b.seed !== undefined)!;
    await sites.good.control.reset(behaviour.seed);
    sites.good.control.clearRequests();
    const dir = await mkdtemp(join(tmpdir(), "orgsync-secret-data-"));
    try {
      await writeFile(join(dir, "site.yaml"), MANIFEST);
      const env = {
        ORGSYNC_TOKEN: SENTINEL,
        ORGSYNC_BASE_URL: sites.good.baseUrl,
      };
      for (const [argv, output] of [
        [["plan", "site.yaml", "--out", "plan.json"], "plan"],
        [["plan", "site.yaml", "--format", "markdown"], "plan"],
        [["apply", "site.yaml", "--auto-approve", "--allow-delete"], "plan"],
        [["drift", "site.yaml", "--format", "json"], "drift report"],
        [["export", "--fields-only", "--out", "exported"], "export"],
      ] as const) {
        const result = await runCli(argv, { env, cwd: dir });
        expect(result.code, argv.join(" ")).toBe(1);
        expect(result.stderr).toContain(
          `holds the API token orgsync uses; no ${output} is written with a credential in it`,
        );
        expect(result.stderr).toMatch(/field\["Region"\]|fields\.yaml/);
        expect(leaks(result.stdout + result.stderr, [SENTINEL])).toBe(false);
      }
      expect(filesUnder(dir).map((p) => p.slice(dir.length + 1))).toEqual([
        "site.yaml",
      ]);
      // Nothing was written to the site either.
      expect(sites.good.control.requests().filter((r) => r.write)).toEqual([]);
    } finally {
      await rm(dir, { recursive: true, force: true });
      await sites.good.control.reset();
    }
  });

  it("is refused in a base URL and in manifest interpolation, without being echoed", async () => {
    const runs = await hostileInputs(sites);
    expect(runs.length).toBe(22);
    for (const run of runs) {
      expect(run.code, `${run.label}\n${run.output}`).toBe(1);
      expect(run.output.includes(SENTINEL), run.label).toBe(false);
      expect(run.output.includes(OTHER_SECRET), run.label).toBe(false);
      // Refused for what it is, not for another reason (such as a failed connection).
      if (/^(validate|plan) \$/.test(run.label))
        expect(run.output, run.label).toMatch(
          /would copy an orgsync credential|is not readable from a manifest|holds a credential orgsync uses/,
        );
    }
    const output = runs.map((r) => r.output).join("\n");
    expect(output).toMatch(/credentials/i);
    for (const said of [
      "would copy an orgsync credential into the manifests",
      "${CI_JOB_TOKEN} is not readable from a manifest",
      "${ORGSYNC_GITLAB_TOKEN} is not readable from a manifest",
      "${ORGSYNC_VAR_SECRETS_JSON} holds a credential orgsync uses",
    ])
      expect(output).toContain(said);
  });
});
