import { randomUUID } from "node:crypto";
import { renameSync, rmSync, writeFileSync } from "node:fs";
import { basename, dirname, join } from "node:path";

/**
 * Writes a file so that readers see either the old content or the new, never half of it,
 * even if the process is killed midway: the text goes to a temporary file beside the target
 * (same directory, so the same file system), which is then renamed over it.
 *
 * Written and renamed synchronously, on purpose: Ctrl-C ends a command that has not claimed
 * it with `process.exit`, which can only run between event-loop turns, so it can never
 * strand the temporary file between the write and the rename (an asynchronous write could).
 * One file blocks for milliseconds. Only a hard kill (SIGKILL, power loss) can leave a
 * hidden `.NAME.UUID.tmp` beside the target; the target itself is never partial.
 */
export function writeFileAtomic(path: string, text: string): Promise<void> {
  const temporary = join(
    dirname(path),
    `.${basename(path)}.${randomUUID()}.tmp`,
  );
  // The executor runs at once; what it throws rejects the promise.
  return new Promise<void>((resolve) => {
    try {
      writeFileSync(temporary, text, {
        encoding: "utf8",
        flag: "wx",
        mode: 0o644,
      });
      renameSync(temporary, path);
    } catch (error) {
      try {
        rmSync(temporary, { force: true });
      } catch {
        // The write already failed; that error is the one to report.
      }
      throw error;
    }
    resolve();
  });
}
