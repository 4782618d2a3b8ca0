/**
 * Ctrl-C on the real `orgsync` process while it writes files: `plan --out` and `export`,
 * which do not claim Ctrl-C and so end at once. Whatever the moment, no partial file and no
 * temporary file may be left. Returns problems, for the vitest suite and `npm run soak`.
 */
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { rm } from "node:fs/promises";
import { join } from "node:path";

import { loadManifests } from "../../src/manifest/index.js";
import { parseSavedPlan } from "../../src/plan/index.js";
import { runBinary } from "./binary.js";
import { EXISTING, GONE, type InterruptRig } from "./run-interrupt.js";

/** Hidden temporary files left anywhere under `dir`. */
function leftovers(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: "utf8" }).filter((n) =>
    n.endsWith(".tmp"),
  );
}

/**
 * `plan --out` interrupted at `delayMs` after start: it exits 130 (or finished first), and
 * the plan file is either absent or whole, with no temporary file beside it.
 */
export async function interruptPlanOut(
  rig: InterruptRig,
  delayMs: number,
): Promise<{ problems: string[]; interrupted: boolean }> {
  await rig.reset();
  const out = join(rig.dir, "plan.json");
  await rm(out, { force: true });
  const run = await runBinary(["plan", "site.yaml", "--out", "plan.json"], {
    cwd: rig.dir,
    env: rig.env,
    onSpawn: (child) => void setTimeout(() => child.kill("SIGINT"), delayMs),
  });
  const problems: string[] = [];
  const interrupted = run.code === 130 || run.signal === "SIGINT";
  if (!interrupted && run.code !== 0)
    problems.push(`plan exited ${run.code}: ${run.stderr}`);
  if (run.code === 130 && !run.stderr.includes("interrupted"))
    problems.push("stderr does not say interrupted");
  if (existsSync(out)) {
    try {
      parseSavedPlan(readFileSync(out, "utf8"), "plan.json");
    } catch (error) {
      problems.push(`a partial plan file was left: ${String(error)}`);
    }
  }
  const stray = leftovers(rig.dir);
  if (stray.length > 0)
    problems.push(`temporary files left: ${stray.join(", ")}`);
  if (rig.emu.control.requests().some((r) => r.write))
    problems.push("plan wrote to the site");
  return { problems, interrupted };
}

/**
 * `export` interrupted at `delayMs` after start (while it reads, or writes): it exits 130
 * (or finished first), every file it left is a whole, valid manifest, and no temporary file
 * is left. It writes outside the manifests' folder, which the other runs read.
 */
export async function interruptExport(
  rig: InterruptRig,
  delayMs: number,
): Promise<{ problems: string[]; interrupted: boolean }> {
  await rig.reset();
  const out = `${rig.dir}-exported`;
  await rm(out, { recursive: true, force: true });
  const names = [...EXISTING, ...GONE].flatMap((n) => ["--org", n]);
  try {
    const run = await runBinary(["export", "--out", out, ...names], {
      cwd: rig.dir,
      env: rig.env,
      onSpawn: (child) => void setTimeout(() => child.kill("SIGINT"), delayMs),
    });
    const problems: string[] = [];
    const interrupted = run.code === 130 || run.signal === "SIGINT";
    if (!interrupted && run.code !== 0)
      problems.push(`export exited ${run.code}: ${run.stderr}`);
    const stray = existsSync(out) ? leftovers(out) : [];
    if (stray.length > 0)
      problems.push(`temporary files left: ${stray.join(", ")}`);
    const written = existsSync(out)
      ? readdirSync(out, { recursive: true, encoding: "utf8" }).filter((n) =>
          n.endsWith(".yaml"),
        )
      : [];
    if (written.length > 0) {
      const loaded = await loadManifests([out], { cwd: rig.dir, env: {} });
      if (!loaded.ok)
        problems.push(
          `export left a broken file: ${loaded.issues[0]?.file} ${loaded.issues[0]?.message}`,
        );
    }
    return { problems, interrupted };
  } finally {
    await rm(out, { recursive: true, force: true });
  }
}
