import { randomUUID } from "node:crypto";
import * as fs from "node:fs";
import { basename, dirname, join } from "node:path";
import { promisify } from "node:util";

/** Temporary files being written now, removed if the process exits meanwhile. */
const unfinished = new Set<string>();
process.on("exit", () => {
  for (const file of unfinished) fs.rmSync(file, { force: true });
});

/**
 * Writes a file so that readers see either the old content or the new, never half of it,
 * even if the process exits midway or the machine loses power: the text goes to a temporary
 * file beside the target (same directory, so the same file system), is flushed to disk
 * (fsync), and is then renamed over the target. A regular file already there keeps its mode
 * (a 0600 file stays 0600); a new file is 0644 less the umask. A symbolic link at the target
 * is replaced, never followed (the `write-file-atomic` package writes through it: an export
 * could then write outside its folder).
 *
 * Ctrl-C ends a command that has not claimed it with `process.exit`, at any point of an
 * asynchronous write: an `exit` listener then removes every unfinished temporary file. The
 * temporary file is created synchronously, so no creation can still be under way in the
 * thread pool when that listener runs and land after it. Only a hard kill (SIGKILL, power
 * loss) can leave a hidden `.NAME.UUID.tmp` beside the target; the target is never partial.
 */
export async function writeFileAtomic(
  path: string,
  text: string,
): Promise<void> {
  const temporary = join(
    dirname(path),
    `.${basename(path)}.${randomUUID()}.tmp`,
  );
  const existing = fs.lstatSync(path, { throwIfNoEntry: false });
  const fd = fs.openSync(temporary, "wx", 0o644);
  unfinished.add(temporary);
  let open = true;
  try {
    if (existing?.isFile() === true) fs.fchmodSync(fd, existing.mode & 0o7777);
    await promisify(fs.writeFile)(fd, text, "utf8");
    await promisify(fs.fsync)(fd);
    open = false;
    await promisify(fs.close)(fd);
    await promisify(fs.rename)(temporary, path);
  } catch (error) {
    if (open) fs.closeSync(fd);
    fs.rmSync(temporary, { force: true });
    throw error;
  } finally {
    unfinished.delete(temporary);
  }
}
