/**
 * Issue 9.3 at the command line: `orgsync validate`, `plan` and `apply --plan` on random
 * bytes and mutated valid files exit 0, 1 or 2, refuse bad input with a message located at
 * file:line:col before sending any request, and never print "internal error" or a stack
 * trace. `npm run soak` runs many more inputs.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";

import { afterAll, beforeAll, describe, expect, it } from "vitest";

import {
  startEmulator,
  type EmulatorSeed,
  type RunningEmulator,
} from "../../src/emulator/index.js";
import { ROOT } from "./binary.js";
import { fuzzCommand } from "./cli-fuzz.js";

const RUNS = 200;

let emu: RunningEmulator;
beforeAll(async () => {
  const seed = JSON.parse(
    readFileSync(join(ROOT, "examples/emulator-seed.json"), "utf8"),
  ) as EmulatorSeed;
  emu = await startEmulator({ quiet: true, seed });
});
afterAll(async () => {
  await emu.close();
});

describe("fuzzed input at the command line", () => {
  it.each(["validate", "plan", "apply --plan"] as const)(
    "%s: a located refusal or a normal run, never a crash",
    async (command) => {
      const result = await fuzzCommand(command, emu, RUNS);
      expect(result.findings).toEqual([]);
      expect(result.runs).toBe(RUNS);
      // Most inputs are refused: the refusal path is what is being tested.
      expect(result.refused).toBeGreaterThan(RUNS / 2);
    },
    60_000,
  );
});
