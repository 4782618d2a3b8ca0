/**
 * Reads a V8 CPU profile (`node --cpu-prof`) and sums self time by function and by where
 * the code lives (an npm package, a folder of dist/, or Node itself).
 */
import { readFile } from "node:fs/promises";

interface ProfileNode {
  readonly id: number;
  readonly callFrame: {
    readonly functionName: string;
    readonly url: string;
    readonly lineNumber: number;
  };
}

interface CpuProfile {
  readonly nodes: readonly ProfileNode[];
  readonly samples: readonly number[];
  readonly timeDeltas: readonly number[];
}

/** Self time of one function or one place. */
interface SelfTime {
  readonly name: string;
  readonly ms: number;
}

/** The top functions and places of a profile, by self time. */
export interface ProfileSummary {
  readonly totalMs: number;
  readonly functions: readonly SelfTime[];
  readonly places: readonly SelfTime[];
}

/** Where a script lives: `yaml`, `dist/manifest`, `node:internal`, or `(vm)`. */
function placeOf(url: string): string {
  const pkg = /node_modules\/((?:@[\w.-]+\/)?[\w.-]+)\//.exec(url);
  if (pkg) return pkg[1]!;
  const own = /\/(dist|src)\/([\w-]+)\//.exec(url);
  if (own) return `${own[1]}/${own[2]}`;
  if (url.startsWith("node:")) return "node:internal";
  return url === "" ? "(V8: GC, native, idle)" : url;
}

const top = (totals: Map<string, number>, count: number): SelfTime[] =>
  [...totals]
    .map(([name, us]) => ({ name, ms: us / 1000 }))
    .sort((a, b) => b.ms - a.ms)
    .slice(0, count);

/** Summarizes the profile in `file`. */
export async function summarizeProfile(
  file: string,
  count = 15,
): Promise<ProfileSummary> {
  const profile = JSON.parse(await readFile(file, "utf8")) as CpuProfile;
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const functions = new Map<string, number>();
  const places = new Map<string, number>();
  let total = 0;
  profile.samples.forEach((id, index) => {
    const us = profile.timeDeltas[index] ?? 0;
    const frame = byId.get(id)?.callFrame;
    if (!frame) return;
    total += us;
    const where = frame.url.replace(/^.*\/(node_modules|dist|src)\//, "$1/");
    const name = `${frame.functionName || "(anonymous)"} ${where}:${frame.lineNumber + 1}`;
    functions.set(name, (functions.get(name) ?? 0) + us);
    const place = placeOf(frame.url);
    places.set(place, (places.get(place) ?? 0) + us);
  });
  return {
    totalMs: total / 1000,
    functions: top(functions, count),
    places: top(places, count),
  };
}
