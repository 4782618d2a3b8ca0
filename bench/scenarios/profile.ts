/**
 * CPU profiles (`node --cpu-prof`) of the real CLI running `validate` and `plan` of N
 * organizations, summarized by self time. The raw profiles stay in bench/out/profiles/ for
 * Chrome DevTools or speedscope.
 */
import { mkdir } from "node:fs/promises";
import path from "node:path";

import type { EmulatorChild } from "../lib/emulator-child.js";
import {
  summarizeProfile,
  type ProfileSummary,
} from "../lib/profile-summary.js";
import { runCli } from "../lib/run-cli.js";
import type { Workspace } from "../lib/site.js";
import { cliEnv, LATENCY_MS } from "./read-site.js";

/** Profiles `validate` and `plan` once each; returns their summaries by command. */
export async function profileCommands(
  emulator: EmulatorChild,
  workspace: Workspace,
  organizations: number,
  outDir: string,
): Promise<Record<string, ProfileSummary>> {
  const dir = path.join(outDir, "profiles");
  await mkdir(dir, { recursive: true });
  await emulator.reset(organizations, organizations / 10);
  await emulator.configure({ latency: { fixedMs: LATENCY_MS } });
  const summaries: Record<string, ProfileSummary> = {};
  for (const command of ["validate", "plan"]) {
    const name = `${command}-${organizations}.cpuprofile`;
    await runCli([command, workspace.manifests], {
      env: cliEnv(emulator),
      nodeArgs: ["--cpu-prof", "--cpu-prof-dir", dir, "--cpu-prof-name", name],
    });
    summaries[command] = await summarizeProfile(path.join(dir, name));
  }
  await emulator.takeRequests();
  return summaries;
}

/** A profile summary as text. */
export function formatProfile(
  command: string,
  summary: ProfileSummary,
): string {
  const line = (entry: { name: string; ms: number }): string =>
    `  ${entry.ms.toFixed(0).padStart(6)} ms  ${entry.name}`;
  return [
    `${command}: ${summary.totalMs.toFixed(0)} ms sampled; by place:`,
    ...summary.places.slice(0, 8).map(line),
    "  top functions by self time:",
    ...summary.functions.map(line),
  ].join("\n");
}
