/**
 * `npm run soak`: the reliability suite at length (issue 9). Runs, and prints the figures of:
 *
 * - fault-injection convergence: SOAK_RUNS random cases (default 300) under 20% faults;
 * - CLI fuzzing: SOAK_FUZZ_RUNS inputs (default 2000) each for validate, plan, apply --plan;
 * - the secret sweep: every credential way × every site behaviour × every command;
 * - interrupts: SOAK_INTERRUPTS rounds (default 10) of Ctrl-C once, once with JSON, twice,
 *   during plan --out and during export, each checked and (for apply) re-run to convergence.
 *
 * SOAK_SEED repeats the random choices. Exits 1 if anything was wrong. Needs dist/ (the
 * npm script builds it first).
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";

import fc from "fast-check";

import { startEmulator, type EmulatorSeed } from "../../src/emulator/index.js";
import { ensureBuilt, ROOT } from "./binary.js";
import { fuzzCommand } from "./cli-fuzz.js";
import {
  addOutcome,
  describeFigures,
  emptyFigures,
  totalFaults,
} from "./figures.js";
import { interruptExport, interruptPlanOut } from "./interrupt-files.js";
import { runFaultCase, startFaultEmulator } from "./run-fault-case.js";
import { interruptApply, startInterruptRig } from "./run-interrupt.js";
import { scenarioArbitrary } from "./scenario.js";
import { hostileInputs } from "./secret-inputs.js";
import {
  BEHAVIOURS,
  COMMANDS,
  SENTINEL,
  WAYS,
  emptySweep,
  startSweepSites,
  sweep,
} from "./secret-sweep.js";

const number = (name: string, fallback: number): number => {
  const value = Number(process.env[name]);
  return Number.isInteger(value) && value > 0 ? value : fallback;
};
const RUNS = number("SOAK_RUNS", 300);
const FUZZ_RUNS = number("SOAK_FUZZ_RUNS", 2000);
const INTERRUPTS = number("SOAK_INTERRUPTS", 10);
const SEED = number("SOAK_SEED", Math.floor(Math.random() * 2 ** 31));

const problems: string[] = [];
const log = (line: string): void => {
  process.stdout.write(`${line}\n`);
};
const started = performance.now();
const elapsed = (): string =>
  `${((performance.now() - started) / 1000).toFixed(0)} s`;

log(`orgsync soak: seed ${SEED}`);

// 1. Convergence under faults.
const figures = emptyFigures();
{
  const target = await startFaultEmulator();
  const cases = fc.sample(scenarioArbitrary, { numRuns: RUNS, seed: SEED });
  for (const [index, scenario] of cases.entries()) {
    const outcome = await runFaultCase(target, scenario);
    addOutcome(figures, outcome);
    if (outcome.problems.length > 0)
      problems.push(
        `convergence case ${index} (seed ${SEED}):\n  ${outcome.problems.join("\n  ")}\n${scenario.manifest}${JSON.stringify(scenario.seed)}`,
      );
    if ((index + 1) % 50 === 0)
      process.stderr.write(`  … ${index + 1}/${RUNS} cases, ${elapsed()}\n`);
  }
  await target.emu.close();
  log(describeFigures(figures));
}

// 2. Fuzzing at the command line.
let fuzzRuns = 0;
let fuzzFindings = 0;
{
  const seed = JSON.parse(
    readFileSync(join(ROOT, "examples/emulator-seed.json"), "utf8"),
  ) as EmulatorSeed;
  const emu = await startEmulator({ quiet: true, seed });
  for (const command of ["validate", "plan", "apply --plan"] as const) {
    const result = await fuzzCommand(command, emu, FUZZ_RUNS, SEED);
    fuzzRuns += result.runs;
    fuzzFindings += result.findings.length;
    log(
      `cli fuzz: ${command}: ${result.runs} inputs, ${result.refused} refused with a located message, ${result.findings.length} crashes or unlocated refusals`,
    );
    for (const f of result.findings)
      problems.push(`fuzz ${f.command}: ${f.problem}\ninput: ${f.input}`);
  }
  await emu.close();
}

// 3. Secrets: the whole matrix.
const secrets = emptySweep();
{
  const sites = await startSweepSites();
  for (const way of WAYS)
    for (const behaviour of BEHAVIOURS)
      await sweep(sites, way, behaviour, COMMANDS, secrets);
  const refusals = await hostileInputs(sites);
  for (const run of refusals) {
    secrets.runs += 1;
    if (run.code !== 1)
      problems.push(
        `secret input not refused: ${run.label} exited ${run.code}`,
      );
    if (run.output.includes(SENTINEL)) secrets.leaks.push(run.label);
  }
  await sites.close();
  problems.push(...secrets.leaks.map((l) => `secret leaked: ${l}`));
  problems.push(...secrets.crashes.map((c) => `crash: ${c}`));
  log(
    `secrets: ${secrets.runs} command runs (${WAYS.length} credential ways × ${BEHAVIOURS.length} site behaviours × ${COMMANDS.length} commands, + ${refusals.length} hostile inputs), ${secrets.debugLines} debug lines; secrets leaked: ${secrets.leaks.length}; crashes: ${secrets.crashes.length}`,
  );
}

// 4. Interrupts on the real process.
let interrupted = 0;
let survived = 0;
{
  ensureBuilt();
  const rig = await startInterruptRig();
  const random = fc.sample(fc.nat({ max: 1000 }), {
    numRuns: INTERRUPTS * 2,
    seed: SEED,
  });
  for (let round = 0; round < INTERRUPTS; round += 1) {
    const applies = [
      await interruptApply(rig, { signals: 1, format: "text" }),
      await interruptApply(rig, { signals: 1, format: "json" }),
      await interruptApply(rig, {
        signals: 2,
        format: "text",
        secondAfterMs: random[round]! % 60,
      }),
    ];
    for (const outcome of applies) {
      interrupted += 1;
      if (outcome.survived) survived += 1;
      problems.push(...outcome.problems.map((p) => `interrupt apply: ${p}`));
    }
    for (const outcome of [
      await interruptPlanOut(rig, 100 + (random[INTERRUPTS + round]! % 400)),
      await interruptExport(rig, 100 + (random[round]! % 500)),
    ]) {
      if (!outcome.interrupted) continue;
      interrupted += 1;
      if (outcome.problems.length === 0) survived += 1;
      problems.push(...outcome.problems.map((p) => `interrupt: ${p}`));
    }
  }
  await rig.close();
  log(
    `interrupts: ${interrupted} runs interrupted by Ctrl-C (apply once, once --format json, twice; plan --out; export); survived: ${survived}`,
  );
}

log("");
log(
  `soak summary (${elapsed()}): cases run ${figures.cases}, faults injected ${totalFaults(figures)}, duplicates found ${figures.duplicates}, unmanaged changes ${figures.unmanagedChanges}, secrets leaked ${secrets.leaks.length}, interrupts survived ${survived}/${interrupted}, fuzz inputs ${fuzzRuns} (${fuzzFindings} findings)`,
);
if (problems.length > 0) {
  log(
    `\n${problems.length} problem${problems.length === 1 ? "" : "s"}:\n${problems.join("\n\n")}`,
  );
  process.exit(1);
}
