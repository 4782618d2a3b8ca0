/**
 * The emulator in a process of its own, so that it does not take CPU from the process being
 * measured (a real site is on another machine). It prints `READY <baseUrl>` when it listens,
 * then answers one JSON command per line on stdin with one JSON line on stdout:
 *
 *     {"op":"reset","organizations":10000,"differences":1000}   → {"ok":true,"ms":…}
 *     {"op":"configure","patch":{"latency":{"fixedMs":20}}}      → {"ok":true}
 *     {"op":"requests"}  → {"ok":true,"requests":[…]}  (the log, then cleared)
 *
 * The seed is built here rather than sent: 10,000 organizations exceed the control
 * endpoint's 5 MiB body limit. It stops when stdin closes.
 *
 *     node --import tsx bench/emulator-process.ts
 */
import { createInterface } from "node:readline";

import {
  startEmulator,
  type EmulatorSettingsPatch,
} from "../src/emulator/index.js";
import { siteSeed } from "./lib/site.js";

type Command =
  | { op: "reset"; organizations: number; differences: number }
  | { op: "configure"; patch: EmulatorSettingsPatch }
  | { op: "requests" };

const emulator = await startEmulator({ quiet: true, maxLogEntries: 200_000 });
process.stdout.write(`READY ${emulator.baseUrl}\n`);

const lines = createInterface({ input: process.stdin });
for await (const line of lines) {
  const command = JSON.parse(line) as Command;
  let answer: Record<string, unknown>;
  try {
    switch (command.op) {
      case "reset": {
        const started = performance.now();
        await emulator.control.reset(
          siteSeed(command.organizations, command.differences),
        );
        emulator.control.clearRequests();
        answer = { ok: true, ms: performance.now() - started };
        break;
      }
      case "configure":
        emulator.control.configure(command.patch);
        answer = { ok: true };
        break;
      case "requests":
        answer = { ok: true, requests: emulator.control.requests() };
        emulator.control.clearRequests();
        break;
    }
  } catch (error) {
    answer = { ok: false, error: String(error) };
  }
  process.stdout.write(`${JSON.stringify(answer)}\n`);
}
await emulator.close();
