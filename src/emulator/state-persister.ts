import { stringify as stringifyYaml } from "yaml";

import { OrgsyncError } from "../util/errors.js";
import { writeFileAtomic } from "../util/write-file-atomic.js";
import { isYamlFile } from "./seed.js";
import type { EmulatorSnapshot } from "./types.js";

/** The state could not be written to the state file. */
class EmulatorPersistError extends OrgsyncError {
  constructor(file: string, cause: unknown) {
    super(
      "E_EMULATOR_PERSIST",
      `cannot write the emulator state to ${file}: ${(cause as Error).message}`,
      { cause, hint: "check that the folder exists and is writable" },
    );
  }
}

interface Batch {
  readonly promise: Promise<void>;
  readonly resolve: () => void;
  readonly reject: (error: unknown) => void;
}

function newBatch(): Batch {
  let resolve!: () => void;
  let reject!: (error: unknown) => void;
  const promise = new Promise<void>((yes, no) => {
    resolve = yes;
    reject = no;
  });
  // A batch nobody awaits must not crash the process with an unhandled rejection.
  promise.catch(() => undefined);
  return { promise, resolve, reject };
}

/**
 * Writes the state file atomically (`writeFileAtomic`: temp file, fsync, rename, mode kept)
 * with group commit: changes that arrive while a write is under way are all covered by the
 * next single write, so heavy load costs one write per write-duration rather than one per
 * request, and every change is on disk before its request is answered.
 */
export class StatePersister {
  private running: Batch | undefined;
  private waiting: Batch | undefined;

  constructor(
    readonly file: string,
    private readonly snapshot: () => EmulatorSnapshot,
  ) {}

  /** Resolves once a write that began after this call has finished. */
  flush(): Promise<void> {
    this.waiting ??= newBatch();
    const { promise } = this.waiting;
    if (!this.running) this.writeWaiting();
    return promise;
  }

  /** Resolves when no write is under way or waiting. */
  async idle(): Promise<void> {
    for (;;) {
      const batch = this.waiting ?? this.running;
      if (!batch) return;
      await batch.promise.catch(() => undefined);
    }
  }

  private writeWaiting(): void {
    const batch = this.waiting;
    if (!batch) return;
    this.waiting = undefined;
    this.running = batch;
    const snapshot = this.snapshot();
    const text = isYamlFile(this.file)
      ? stringifyYaml(snapshot)
      : `${JSON.stringify(snapshot, null, 2)}\n`;
    writeFileAtomic(this.file, text)
      .then(batch.resolve, (error: unknown) =>
        batch.reject(new EmulatorPersistError(this.file, error)),
      )
      .finally(() => {
        this.running = undefined;
        this.writeWaiting();
      });
  }
}
