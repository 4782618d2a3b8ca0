/**
 * Issue 18: a large set of files loads on worker threads (the TypeScript entry through tsx
 * here, the built one in the package), and the result is exactly what loading the files one
 * after another in this thread gives; `onFile` hears of each file in file order, and of the
 * first problem.
 */
import { readdir, readFile } from "node:fs/promises";
import { availableParallelism } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

import { describe, expect, it } from "vitest";

import {
  loadManifests,
  loadManifestSources,
  type LoadedFile,
  type LoadResult,
  type ManifestSource,
} from "../../src/manifest/index.js";
import {
  loadInWorkers,
  threadsFor,
} from "../../src/manifest/load-in-workers.js";
import { mergeSources } from "../../src/manifest/load-manifest-sources.js";

const root = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  "../..",
);

/** Every YAML file under `dir` (relative to the root), as loadManifests finds them. */
async function sourcesOf(dir: string): Promise<ManifestSource[]> {
  const names = (await readdir(path.join(root, dir), { recursive: true }))
    .filter((name) => /\.ya?ml$/.test(name) && !/(^|\/)\./.test(name))
    .sort();
  return Promise.all(
    names.map(async (name) => ({
      file: `${dir}/${name}`,
      content: await readFile(path.join(root, dir, name)),
      discovered: true,
    })),
  );
}

/** Loads `sources` on two threads, as loadManifests does for a large set. */
async function onThreads(
  sources: readonly ManifestSource[],
  env: Record<string, string>,
): Promise<LoadResult> {
  const merge = mergeSources();
  await loadInWorkers(sources, { env, secrets: [] }, 2, merge.add);
  return merge.result();
}

describe("loading on worker threads", () => {
  it("starts a thread per core but one, at least one, at most one per file, and none for one file or a small set", () => {
    const file = (kib: number): ManifestSource => ({
      file: "x.yaml",
      content: "#".repeat(kib * 1024),
    });
    const perCore = Math.max(1, availableParallelism() - 1);
    expect(threadsFor([file(4096)])).toBe(0);
    expect(threadsFor([file(100), file(100)])).toBe(0);
    expect(threadsFor([file(300), file(300)])).toBe(Math.min(2, perCore));
    expect(threadsFor(Array.from({ length: 64 }, () => file(64)))).toBe(
      perCore,
    );
  });

  it.each([
    ["reports every problem of many bad files", "bad", false, {}],
    [
      "builds the same model from good files",
      "tree",
      true,
      { ORGSYNC_VAR_REGION: "AU" },
    ],
  ])("%s exactly as loading them here does", async (_, fixture, ok, env) => {
    const sources = await sourcesOf(`test/fixtures/${fixture}`);
    const here = loadManifestSources(sources, { env });
    expect(here.ok).toBe(ok);
    expect(await onThreads(sources, env)).toStrictEqual(here);
  });

  it("rejects with what the caller's add throws (the listener does not crash the process)", async () => {
    const sources = await sourcesOf("test/fixtures/tree");
    await expect(
      loadInWorkers(sources, { env: {}, secrets: [] }, 1, () => {
        throw new Error("refused by add");
      }),
    ).rejects.toThrow("refused by add");
  });

  it("hands over documents whose mappings have no prototype, as parsed here", async () => {
    const values: unknown[] = [];
    await loadInWorkers(
      await sourcesOf("test/fixtures/tree"),
      { env: { ORGSYNC_VAR_REGION: "AU" }, secrets: [] },
      2,
      (loaded) => values.push(...loaded.documents.map((d) => d.value)),
    );
    const organizations = values.find(
      (value) => (value as { kind?: unknown }).kind === "Organizations",
    ) as { organizations: { details: object }[] };
    expect(Object.getPrototypeOf(organizations)).toBeNull();
    expect(Array.isArray(organizations.organizations)).toBe(true);
    expect(Object.getPrototypeOf(organizations.organizations[0])).toBeNull();
  });

  it("tells onFile each file's names in file order, then only that a problem was found", async () => {
    const seen: LoadedFile[] = [];
    await loadManifests(
      [
        "test/fixtures/tree",
        "test/fixtures/bad/unknown-key.yaml",
        // Its problem is found only with the other files: its names are still withheld.
        "test/fixtures/bad/absent-field.yaml",
      ],
      {
        cwd: root,
        env: { ORGSYNC_VAR_REGION: "AU" },
        onFile: (file) => seen.push(file),
      },
    );
    expect(seen).toEqual([
      { failed: false, names: ["Acme Corp", "Acme Labs"] },
      { failed: false, names: ["Globex"] },
      { failed: false, names: [] }, // fields.yaml
      { failed: true, names: [] },
      { failed: true, names: [] },
    ]);
  });
});
