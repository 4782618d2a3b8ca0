import { Agent, request } from "node:http";

import { afterAll, beforeAll, describe, expect, it } from "vitest";

import type {
  EmulatorSeed,
  RunningEmulator,
} from "../../src/emulator/index.js";
import { startTestEmulator } from "./helpers.js";

function site(organizations: number): EmulatorSeed {
  return {
    fields: [{ name: "Region", type: "SELECT", options: ["AU", "EU", "US"] }],
    organizations: Array.from({ length: organizations }, (_, i) => ({
      name: `Organization ${i + 1}`,
      details: { Region: "EU" },
    })),
  };
}

const BODY = JSON.stringify({
  organizationIds: Array.from({ length: 13 }, (_, i) => String(i + 1)),
  organizationNames: Array.from(
    { length: 12 },
    (_, i) => `ORGANIZATION ${i + 50}`,
  ),
});

function fetchProfiles(
  agent: Agent,
  emulator: RunningEmulator,
): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request(
      new URL("organization/profile/fetch", emulator.baseUrl),
      {
        method: "POST",
        agent,
        headers: {
          Authorization: "Bearer test",
          "X-ExperimentalApi": "opt-in",
          "Content-Type": "application/json",
        },
      },
      (res) => {
        res.resume();
        res.on("end", () => resolve(res.statusCode ?? 0));
      },
    );
    req.on("error", reject);
    req.end(BODY);
  });
}

const median = (values: number[]): number =>
  [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

/**
 * A regression guard for the indexes (the measured figures are in bench/emulator.ts): the
 * server-side time of a 25-profile fetch must not grow with the number of organizations.
 * Calls alternate between the two sites so machine load hits both alike; a scan of 10,000
 * organizations would make the large site several times slower.
 */
describe("fetch cost", () => {
  let small: RunningEmulator;
  let large: RunningEmulator;
  beforeAll(async () => {
    small = await startTestEmulator({ seed: site(100) });
    large = await startTestEmulator({ seed: site(10_000) });
  });
  afterAll(() => Promise.all([small.close(), large.close()]));

  it("is the same at 10,000 organizations as at 100", async () => {
    const agent = new Agent({ keepAlive: true, maxSockets: 1 });
    try {
      for (let i = 0; i < 600; i++) {
        expect(await fetchProfiles(agent, i % 2 ? large : small)).toBe(200);
      }
      const times = (e: RunningEmulator): number[] =>
        e.control
          .requests()
          .slice(100)
          .map((r) => r.durationMs);
      const ratio = median(times(large)) / median(times(small));
      expect(ratio).toBeLessThan(2.5);
    } finally {
      agent.destroy();
    }
  });
});
