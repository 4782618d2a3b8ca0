/**
 * The figures the reliability suite reports (issue 9's closing note): cases run, faults
 * injected by kind, duplicates found, unmanaged changes, secrets leaked, interrupts survived.
 */
import { FAULT_KINDS, type FaultKind } from "../../src/emulator/index.js";
import type { CaseOutcome } from "./run-fault-case.js";

/** Totals over many convergence cases. */
export interface ConvergenceFigures {
  cases: number;
  rounds: number;
  requests: number;
  faults: Record<FaultKind, number>;
  applied: number;
  failed: number;
  skipped: number;
  recovered: number;
  readFailures: number;
  duplicates: number;
  unmanagedChanges: number;
  /** Cases with any problem. */
  failedCases: number;
}

export function emptyFigures(): ConvergenceFigures {
  return {
    cases: 0,
    rounds: 0,
    requests: 0,
    faults: Object.fromEntries(FAULT_KINDS.map((k) => [k, 0])) as Record<
      FaultKind,
      number
    >,
    applied: 0,
    failed: 0,
    skipped: 0,
    recovered: 0,
    readFailures: 0,
    duplicates: 0,
    unmanagedChanges: 0,
    failedCases: 0,
  };
}

export function addOutcome(
  figures: ConvergenceFigures,
  outcome: CaseOutcome,
): void {
  figures.cases += 1;
  figures.rounds += outcome.rounds;
  figures.requests += outcome.requests;
  for (const kind of FAULT_KINDS) figures.faults[kind] += outcome.faults[kind];
  figures.applied += outcome.applied;
  figures.failed += outcome.failed;
  figures.skipped += outcome.skipped;
  figures.recovered += outcome.recovered;
  figures.readFailures += outcome.readFailures;
  figures.duplicates += outcome.duplicates;
  figures.unmanagedChanges += outcome.unmanagedChanges;
  if (outcome.problems.length > 0) figures.failedCases += 1;
}

export function totalFaults(figures: ConvergenceFigures): number {
  return FAULT_KINDS.reduce((sum, kind) => sum + figures.faults[kind], 0);
}

/** One paragraph for a log. */
export function describeFigures(figures: ConvergenceFigures): string {
  const byKind = FAULT_KINDS.map((k) => `${k}: ${figures.faults[k]}`).join(
    ", ",
  );
  return [
    `fault convergence: ${figures.cases} cases, ${figures.rounds} apply rounds, ${figures.requests} requests`,
    `  faults injected: ${totalFaults(figures)} (${byKind})`,
    `  changes: ${figures.applied} applied, ${figures.failed} failed, ${figures.skipped} skipped, ${figures.recovered} recovered after an unknown outcome; ${figures.readFailures} plans failed to read`,
    `  duplicates found: ${figures.duplicates}; unmanaged changes: ${figures.unmanagedChanges}; failing cases: ${figures.failedCases}`,
  ].join("\n");
}
