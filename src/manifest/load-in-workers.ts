import { availableParallelism } from "node:os";
import { Worker } from "node:worker_threads";

import type { ManifestEnv } from "./interpolate.js";
import type { LoadedSource, ManifestSource } from "./load-source.js";
import { fromMessage, type SourceMessage } from "./source-message.js";

/** What each worker is started with. */
export interface WorkerStart {
  readonly env: ManifestEnv;
  readonly secrets: readonly string[];
}

/**
 * Below this many bytes in all, files load here: starting a thread (loading yaml and ajv,
 * compiling the schema) costs about what parsing 200 KiB does.
 */
const MIN_POOL_BYTES = 512 * 1024;

/**
 * The worker threads worth starting for these files: one per core but the one the main
 * thread needs (it reads the site meanwhile, and merges), at least one, at most one per file;
 * none for a single file or a small set (0: load them here). On 2 cores, a second thread
 * made `plan` of 10,000 organizations no faster and cost 20% more CPU and 60 MB more RSS.
 */
export function threadsFor(sources: readonly ManifestSource[]): number {
  const bytes = sources.reduce((sum, s) => sum + s.content.length, 0);
  if (sources.length < 2 || bytes < MIN_POOL_BYTES) return 0;
  return Math.min(Math.max(1, availableParallelism() - 1), sources.length);
}

/**
 * Loads the files on `threads` worker threads (`threadsFor`), and hands each
 * result to `add` in file order as soon as the files before it are in, so the merge and
 * its issues are exactly those of loading the files one after another here. The main thread
 * stays free meanwhile (for the reads of the site that overlap the load).
 */
export async function loadInWorkers(
  sources: readonly ManifestSource[],
  start: WorkerStart,
  threads: number,
  add: (loaded: LoadedSource) => void,
): Promise<void> {
  const workers = Array.from({ length: threads }, () => startWorker(start));
  const results: (LoadedSource | undefined)[] = [];
  let sent = 0;
  let added = 0;
  try {
    await new Promise<void>((resolve, reject) => {
      const next = (worker: Worker): void => {
        if (sent < sources.length) {
          worker.postMessage({ id: sent, source: sources[sent] });
          sent += 1;
        }
      };
      for (const worker of workers) {
        worker.on("error", reject);
        worker.on("exit", (code) =>
          reject(new Error(`a manifest loading thread stopped (exit ${code})`)),
        );
        worker.on(
          "message",
          ({ id, loaded }: { id: number; loaded: SourceMessage }) => {
            next(worker);
            results[id] = fromMessage(loaded);
            try {
              while (added < sources.length && results[added]) {
                add(results[added]!);
                results[added] = undefined;
                added += 1;
              }
            } catch (error) {
              // Thrown by the caller's `add`: its error, not a crash of the listener.
              reject(error instanceof Error ? error : new Error(String(error)));
            }
            if (added === sources.length) resolve();
          },
        );
        next(worker);
      }
    });
  } finally {
    for (const worker of workers) void worker.terminate();
  }
}

/**
 * A worker running the built load-worker.js beside this file; from the TypeScript sources
 * (vitest, tsx), the same entry through tsx's loader.
 */
function startWorker(workerData: WorkerStart): Worker {
  // A small young generation: a file's YAML trees die young, and the process's peak RSS (the
  // threads' heaps included) drops by a quarter at the same CPU time.
  const options = {
    workerData,
    resourceLimits: { maxYoungGenerationSizeMb: 8 },
  };
  if (!import.meta.url.endsWith(".ts")) {
    return new Worker(new URL("./load-worker.js", import.meta.url), options);
  }
  const entry = JSON.stringify(
    new URL("./load-worker.ts", import.meta.url).href,
  );
  return new Worker(
    `import("tsx/esm/api").then(({ tsImport }) => tsImport(${entry}, ${entry}))`,
    { ...options, eval: true },
  );
}
