/**
 * The import graph of src, read from the source text: what the architecture tests check
 * (no import cycle; the emulator independent of the client, loader, planner and model).
 */
import { readdirSync, readFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";

export const SRC = resolve(import.meta.dirname, "../src");

/** Every .ts file under `dir`, recursively. */
export function tsFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile() && entry.name.endsWith(".ts"))
    .map((entry) => join(entry.parentPath, entry.name));
}

/**
 * The relative imports of one file, as paths of .ts files. With `runtime`, type-only imports
 * (`import type …`, `export type …`) are left out: they are erased and cannot form a cycle.
 */
function importsOf(file: string, runtime = false): string[] {
  const text = readFileSync(file, "utf8");
  const found: string[] = [];
  for (const match of text.matchAll(
    /\b(import|export)\s+(type\s+)?[^;]*?\bfrom\s+"(\.[^"]+)"|\bimport\(\s*"(\.[^"]+)"\s*\)/g,
  )) {
    if (runtime && match[2] !== undefined) continue;
    const spec = match[3] ?? match[4]!;
    found.push(resolve(dirname(file), spec.replace(/\.js$/, ".ts")));
  }
  return found;
}

/** Every file the given files reach through relative imports, themselves included. */
export function reachable(start: readonly string[]): Set<string> {
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

/** The runtime import cycles among `files`, each as the list of files around it. */
export function importCycles(files: readonly string[]): string[][] {
  const state = new Map<string, "open" | "done">();
  const stack: string[] = [];
  const cycles: string[][] = [];
  const visit = (file: string): void => {
    state.set(file, "open");
    stack.push(file);
    for (const next of importsOf(file, true)) {
      if (state.get(next) === "open") {
        cycles.push([...stack.slice(stack.indexOf(next)), next]);
      } else if (state.get(next) === undefined && files.includes(next)) {
        visit(next);
      }
    }
    stack.pop();
    state.set(file, "done");
  };
  for (const file of files) if (state.get(file) === undefined) visit(file);
  return cycles;
}
