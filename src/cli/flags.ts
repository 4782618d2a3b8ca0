import {
  FAULT_KINDS,
  type FaultKind,
  type LatencyConfig,
} from "../emulator/types.js";
import { UsageError } from "../util/errors.js";

/*
 * The `argParser`s that type flag values: each turns one flag's text into its value, or
 * throws a UsageError that says what was expected.
 * commander passes any other error than its own through, so `main` reports it as every usage
 * mistake (exit 1, no stack trace), and the commands receive typed options only.
 */

/** Above this, `--concurrency` only earns 429s: Atlassian rate-limits well below it. */
const MAX_CONCURRENCY = 64;

/** A whole number above 0 (`--timeout`); surrounding blanks are ignored. */
export const positiveInteger =
  (flag: string) =>
  (value: string): number => {
    const n = value.trim() === "" ? Number.NaN : Number(value);
    if (!Number.isInteger(n) || n < 1)
      throw new UsageError(
        `${flag} must be a whole number above 0, not ${JSON.stringify(value)}`,
      );
    return n;
  };

/** `--concurrency`: a whole number from 1 to 64. */
export function parseConcurrency(value: string): number {
  const n = positiveInteger("--concurrency")(value);
  if (n > MAX_CONCURRENCY)
    throw new UsageError(`--concurrency ${n} is too high`, {
      hint: `use at most ${MAX_CONCURRENCY}; Atlassian rate-limits well below that`,
    });
  return n;
}

/** `--max-deletes`: a whole number of 0 or more. */
export function parseMaxDeletes(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0)
    throw new UsageError(
      `--max-deletes must be a whole number of 0 or more, not ${JSON.stringify(value)}`,
    );
  return n;
}

/** A file name that is not blank (`--out`, `--ignore-file`, `--record`). */
export const fileName =
  (flag: string) =>
  (value: string): string => {
    if (value.trim() === "") throw new UsageError(`${flag} needs a file name`);
    return value;
  };

/** `--target` / `--exclude` and other repeatable flags: every value, in order. */
export const collect = (value: string, previous: string[] = []): string[] => [
  ...previous,
  value,
];

/** `--port`: 0 (any free port) to 65535. */
export function parsePort(value: string): number {
  const port = /^\d{1,5}$/.test(value) ? Number(value) : Number.NaN;
  if (!(port >= 0 && port <= 65535)) {
    throw new UsageError(
      `--port must be a port number from 0 to 65535, found "${value}"`,
    );
  }
  return port;
}

/** `--latency`: milliseconds, optionally plus jitter ("20" or "20+10"). */
export function parseLatency(value: string): LatencyConfig {
  const match = /^(\d+(?:\.\d+)?)(?:\+(\d+(?:\.\d+)?))?$/.exec(value.trim());
  if (!match) {
    throw new UsageError(
      `--latency must be milliseconds, optionally plus jitter ("20" or "20+10"), found "${value}"`,
    );
  }
  return {
    fixedMs: Number(match[1]),
    ...(match[2] === undefined ? {} : { jitterMs: Number(match[2]) }),
  };
}

/** `--fault-rate`: a share from 0 to 1. */
export function parseRate(value: string): number {
  const rate = /^\d*\.?\d+$/.test(value.trim()) ? Number(value) : Number.NaN;
  if (!(rate >= 0 && rate <= 1)) {
    throw new UsageError(
      `--fault-rate must be a share from 0 to 1 (0.1 fails one request in ten), found "${value}"`,
    );
  }
  return rate;
}

/** `--fault-kinds`: a comma-separated list of known fault kinds. */
export function parseKinds(value: string): FaultKind[] {
  const kinds = value
    .split(",")
    .map((kind) => kind.trim())
    .filter((kind) => kind !== "");
  const unknown = kinds.filter(
    (kind) => !(FAULT_KINDS as readonly string[]).includes(kind),
  );
  if (kinds.length === 0 || unknown.length > 0) {
    throw new UsageError(
      `--fault-kinds must list some of ${FAULT_KINDS.join(", ")}, found "${value}"`,
    );
  }
  return kinds as FaultKind[];
}

/** `--rate-limit`: requests per second, above 0. */
export function parseRps(value: string): number {
  const rps = /^\d*\.?\d+$/.test(value.trim()) ? Number(value) : Number.NaN;
  if (!(rps > 0)) {
    throw new UsageError(
      `--rate-limit must be a number of requests per second above 0, found "${value}"`,
    );
  }
  return rps;
}
