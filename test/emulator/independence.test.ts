import { readdirSync, readFileSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";

import { describe, expect, it } from "vitest";

const SRC = resolve(dirname(fileURLToPath(import.meta.url)), "../../src");

/** The relative imports of one TypeScript file, as paths of .ts files under src. */
function importsOf(file: string): string[] {
  const text = readFileSync(file, "utf8");
  const found: string[] = [];
  for (const match of text.matchAll(
    /\b(?:import|export)\b[^;]*?\bfrom\s+"(\.[^"]+)"|\bimport\(\s*"(\.[^"]+)"\s*\)/g,
  )) {
    const spec = match[1] ?? match[2]!;
    found.push(resolve(dirname(file), spec.replace(/\.js$/, ".ts")));
  }
  return found;
}

/** Every file the given files reach through relative imports, themselves included. */
function reachable(start: readonly string[]): Set<string> {
  const seen = new Set<string>();
  const queue = [...start];
  while (queue.length > 0) {
    const file = queue.pop()!;
    if (seen.has(file)) continue;
    seen.add(file);
    queue.push(...importsOf(file));
  }
  return seen;
}

function tsFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile() && entry.name.endsWith(".ts"))
    .map((entry) => join(entry.parentPath, entry.name));
}

describe("the emulator is an independent implementation", () => {
  it("reaches no client, loader, planner or model code, directly or through another file", () => {
    const reached = [...reachable(tsFiles(join(SRC, "emulator")))].map((file) =>
      relative(SRC, file).split("\\").join("/"),
    );
    const folders = new Set(reached.map((file) => file.split("/")[0]));
    expect([...folders].sort()).toEqual(
      [...folders]
        .filter((folder) => folder === "emulator" || folder === "util")
        .sort(),
    );
    // The check sees through files: it found the emulator's own rules.
    expect(reached).toContain("emulator/site-rules.ts");
  });

  it("would notice an import of the model (the check is not vacuous)", () => {
    const reached = reachable([join(SRC, "plan", "plan-fields.ts")]);
    expect([...reached].some((file) => file.includes("/model/"))).toBe(true);
  });
});
