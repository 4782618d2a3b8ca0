/**
 * `orgsync validate` of N organizations (the real CLI, a fresh process per run), against
 * its floor on this machine: bare Node start-up plus the yaml package alone parsing the same
 * files (no checks at all), measured in the same run.
 */
import { readdir, readFile } from "node:fs/promises";
import path from "node:path";

import { Composer, Parser } from "yaml";

import type { Measurement } from "../lib/results.js";
import { runCli } from "../lib/run-cli.js";
import type { Workspace } from "../lib/site.js";
import { median, repeat } from "../lib/stats.js";
import { bareNodeMs } from "./startup.js";

async function manifestTexts(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true });
  const files = entries.filter((e) => e.endsWith(".yaml")).sort();
  return Promise.all(files.map((f) => readFile(path.join(dir, f), "utf8")));
}

/** Milliseconds for the yaml package to parse and compose every manifest. */
function yamlParseMs(texts: readonly string[]): number {
  const started = performance.now();
  for (const text of texts) {
    const documents = [...new Composer().compose(new Parser().parse(text))];
    if (documents.length === 0) throw new Error("nothing parsed");
  }
  return performance.now() - started;
}

/** Validates the workspace's manifests `runs` times. */
export async function benchValidate(
  workspace: Workspace,
  organizations: number,
  runs: number,
): Promise<Measurement> {
  const texts = await manifestTexts(workspace.manifests);
  yamlParseMs(texts); // warm the parser up: the CLI pays its own cold start below
  const parse = median(
    await repeat(runs, () => Promise.resolve(yamlParseMs(texts))),
  );
  const bare = median(await repeat(runs, bareNodeMs));
  const results = await repeat(runs, () =>
    runCli(["validate", workspace.manifests]),
  );
  const summary = results[0]!.stdout.trim();
  if (
    !summary.includes(`${organizations.toLocaleString("en-US")} organizations`)
  )
    throw new Error(`validate said: ${summary}`);
  return {
    scenario: "validate",
    organizations,
    wallMs: results.map((r) => r.wallMs),
    cpuMs: results.map((r) => r.cpuMs),
    maxRssMb: results.map((r) => r.maxRssMb),
    bound: {
      ms: bare + parse,
      how: `node start-up ${bare.toFixed(0)} ms + yaml parse alone ${parse.toFixed(0)} ms (${(workspace.bytes / 2 ** 20).toFixed(1)} MiB)`,
    },
    requests: 0,
    extra: { nodeStartMs: Math.round(bare), yamlParseMs: Math.round(parse) },
  };
}
