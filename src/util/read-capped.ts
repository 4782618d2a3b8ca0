/**
 * Reading a file with a byte cap. `stat` cannot be trusted for size: special files report 0
 * (a manifest symlinked to /proc/self/pagemap ran to 8.6 GB), and a pipe has no size at all.
 * So the bytes themselves are counted, and reading stops at the first chunk past the cap
 * (whole chunks: some /proc files refuse reads that are not a multiple of 8 bytes).
 */
import {
  closeSync,
  constants,
  fstatSync,
  openSync,
  readSync,
  type Stats,
} from "node:fs";
import { open } from "node:fs/promises";

/** A file that holds more than its cap, or is not the kind of file asked for. */
export class FileReadError extends Error {
  /** `E_TOO_LARGE` (more than `limit` bytes) or `E_NOT_REGULAR` (a device, pipe, directory…). */
  readonly code: "E_TOO_LARGE" | "E_NOT_REGULAR";
  readonly limit: number;
  /** The size `stat` reported (0 for special files, whatever they hold). */
  readonly statSize: number;

  constructor(code: FileReadError["code"], limit: number, statSize: number) {
    super(
      code === "E_TOO_LARGE"
        ? `the file holds more than ${limit.toLocaleString("en-US")} bytes`
        : "not a regular file (a device, a pipe, a socket or a directory)",
    );
    this.name = "FileReadError";
    this.code = code;
    this.limit = limit;
    this.statSize = statSize;
  }
}

/** What was read, and the file's status (for its permissions). */
export interface CappedRead {
  readonly bytes: Buffer;
  readonly stats: Stats;
}

const CHUNK = 64 * 1024;
/** O_NONBLOCK: opening a FIFO must not wait for a writer before it can be refused. */
const OPEN_FLAGS = constants.O_RDONLY | (constants.O_NONBLOCK ?? 0);

/** The chunks read so far; throws once they pass the cap. */
class Chunks {
  readonly #chunks: Buffer[] = [];
  #total = 0;
  readonly #maxBytes: number;
  readonly #stats: Stats;

  constructor(maxBytes: number, stats: Stats) {
    this.#maxBytes = maxBytes;
    this.#stats = stats;
  }

  /** A fresh buffer to read into: whole chunks (see the file comment). */
  next(): Buffer {
    return Buffer.alloc(CHUNK);
  }

  /** Keeps what one read gave; false at the end of the file. */
  add(buffer: Buffer, bytesRead: number): boolean {
    if (bytesRead === 0) return false;
    this.#chunks.push(buffer.subarray(0, bytesRead));
    this.#total += bytesRead;
    if (this.#total > this.#maxBytes)
      throw new FileReadError("E_TOO_LARGE", this.#maxBytes, this.#stats.size);
    return true;
  }

  result(): CappedRead {
    return {
      bytes: Buffer.concat(this.#chunks, this.#total),
      stats: this.#stats,
    };
  }
}

/**
 * Reads at most `maxBytes` of a regular file (symlinks to one are fine).
 * @throws FileReadError for a special file or one past the cap; the fs error otherwise.
 */
export async function readRegularFileCapped(
  path: string,
  maxBytes: number,
): Promise<CappedRead> {
  const handle = await open(path, OPEN_FLAGS);
  try {
    const stats = await handle.stat();
    if (!stats.isFile())
      throw new FileReadError("E_NOT_REGULAR", maxBytes, stats.size);
    const chunks = new Chunks(maxBytes, stats);
    for (;;) {
      const buffer = chunks.next();
      const { bytesRead } = await handle.read(buffer, 0, CHUNK, null);
      if (!chunks.add(buffer, bytesRead)) return chunks.result();
    }
  } finally {
    await handle.close();
  }
}

/**
 * Reads at most `maxBytes` of any readable file, pipes included (`/dev/stdin`,
 * `<(pass show …)`), synchronously: a token is read once, before anything else runs.
 * @throws FileReadError past the cap; the fs error otherwise.
 */
export function readAnyFileCappedSync(
  path: string,
  maxBytes: number,
): CappedRead {
  const fd = openSync(path, "r");
  try {
    const chunks = new Chunks(maxBytes, fstatSync(fd));
    for (;;) {
      const buffer = chunks.next();
      if (!chunks.add(buffer, readSync(fd, buffer, 0, CHUNK, null)))
        return chunks.result();
    }
  } finally {
    closeSync(fd);
  }
}
