import { appendFileSync, closeSync, openSync, rmSync } from "node:fs";
import { resolve } from "node:path";

import type {
  ExchangeRecorder,
  RecordedExchange,
} from "../api/record-exchange.js";
import { UsageError } from "../util/errors.js";
import type { CliIo } from "./io.js";

/**
 * `--record FILE`: a new file, readable by its owner only (mode 0600: the bodies hold customer
 * data), that gets one JSON line per HTTP exchange. Whatever was at the path is replaced, a
 * symbolic link included (it is removed, not followed). A file that cannot be created is a
 * UsageError before any request; a write that fails later is warned about once and recording
 * stops, since the run itself is still good.
 */
export function openRecordFile(file: string, io: CliIo): ExchangeRecorder {
  const path = resolve(io.cwd, file);
  try {
    rmSync(path, { force: true });
    closeSync(openSync(path, "wx", 0o600));
  } catch (error) {
    throw new UsageError(
      `cannot create the --record file ${file}${code(error)}`,
      {
        cause: error,
        hint: "give a file in a directory that exists and that you can write to",
      },
    );
  }
  let failed = false;
  return (exchange: RecordedExchange) => {
    if (failed) return;
    try {
      appendFileSync(path, `${JSON.stringify(exchange)}\n`);
    } catch (error) {
      failed = true;
      io.stderr.write(
        `warning: could not write to the --record file ${file}${code(error)}; recording stopped\n`,
      );
    }
  };
}

/** ` (EACCES)`, the system's code for a failed file operation, or nothing. */
const code = (error: unknown): string =>
  error instanceof Error && "code" in error ? ` (${String(error.code)})` : "";
