/**
 * Issue 9.1: under 20% injected faults of every kind, applying random manifests to random
 * sites either succeeds or fails with an exact report; re-running converges; the site ends
 * equal to the manifests with nothing duplicated and nothing unmanaged touched. The manifests
 * create organizations and add and prune customers and service desk links (issue 16), so the
 * faults hit the service desk API too. A bounded
 * number of cases here, in each emulator dialect (the lenient one answers faults with HTML
 * 429s, empty 503s and other error envelopes, and adds unknown properties everywhere);
 * `npm run soak` runs many more (SOAK_RUNS).
 */
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import {
  addOutcome,
  describeFigures,
  emptyFigures,
  totalFaults,
} from "./figures.js";
import {
  DEFAULT_KNOBS,
  runFaultCase,
  startFaultEmulator,
  type FaultEmulator,
} from "./run-fault-case.js";
import { DIALECTS } from "../../src/emulator/index.js";
import { scenarioArbitrary } from "./scenario.js";

const CASES = 8;

describe.each(DIALECTS)(
  "apply under injected faults, %s dialect",
  (dialect) => {
    let target: FaultEmulator;
    beforeAll(async () => {
      target = await startFaultEmulator(DEFAULT_KNOBS, dialect);
    });
    afterAll(async () => {
      await target.emu.close();
    });

    it(`converges in ${CASES} random cases, losing and duplicating nothing`, async () => {
      const figures = emptyFigures();
      await fc.assert(
        fc.asyncProperty(scenarioArbitrary, async (scenario) => {
          const outcome = await runFaultCase(target, scenario);
          addOutcome(figures, outcome);
          if (outcome.problems.length > 0) {
            throw new Error(
              `${outcome.problems.join("\n")}\n--- manifests\n${scenario.manifest}--- seed\n${JSON.stringify(scenario.seed)}`,
            );
          }
        }),
        // A case takes about a second: report the first failure as it is, unshrunk.
        { numRuns: CASES, endOnFailure: true },
      );
      console.info(describeFigures(figures));
      expect(figures.cases).toBe(CASES);
      // The suite only means something if the faults actually happened, of every kind.
      expect(totalFaults(figures)).toBeGreaterThan(CASES);
      expect(figures.duplicates).toBe(0);
      expect(figures.unmanagedChanges).toBe(0);
    }, 120_000);
  },
);
