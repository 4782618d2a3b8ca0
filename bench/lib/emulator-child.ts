/**
 * The benchmark's side of bench/emulator-process.ts: starts it, sends it commands, reads
 * its request log, stops it.
 */
import { spawn, type ChildProcessByStdio } from "node:child_process";
import type { Readable, Writable } from "node:stream";
import { createInterface, type Interface } from "node:readline";
import { fileURLToPath } from "node:url";

import type {
  EmulatorSettingsPatch,
  RequestLogEntry,
} from "../../src/emulator/index.js";

/** The emulator process, ready for commands. */
export class EmulatorChild {
  readonly baseUrl: string;
  readonly #child: ChildProcessByStdio<Writable, Readable, null>;
  readonly #lines: AsyncIterator<string>;

  private constructor(
    child: ChildProcessByStdio<Writable, Readable, null>,
    lines: Interface,
    baseUrl: string,
  ) {
    this.#child = child;
    this.#lines = lines[Symbol.asyncIterator]();
    this.baseUrl = baseUrl;
  }

  static async start(): Promise<EmulatorChild> {
    const script = fileURLToPath(
      new URL("../emulator-process.ts", import.meta.url),
    );
    const child = spawn(process.execPath, ["--import", "tsx", script], {
      stdio: ["pipe", "pipe", "inherit"],
    });
    const lines = createInterface({ input: child.stdout });
    const first = await new Promise<string>((resolve, reject) => {
      lines.once("line", resolve);
      child.once("exit", (code) =>
        reject(new Error(`the emulator process exited (${code})`)),
      );
    });
    const [word, baseUrl] = first.split(" ");
    if (word !== "READY" || baseUrl === undefined)
      throw new Error(`the emulator process said ${first}`);
    // Lines after READY are answers, read one per command.
    lines.removeAllListeners("line");
    return new EmulatorChild(child, lines, baseUrl);
  }

  async #send(command: object): Promise<Record<string, unknown>> {
    this.#child.stdin.write(`${JSON.stringify(command)}\n`);
    const next = await this.#lines.next();
    if (next.done === true) throw new Error("the emulator process stopped");
    const answer = JSON.parse(next.value) as Record<string, unknown>;
    if (answer.ok !== true)
      throw new Error(`emulator: ${String(answer.error)}`);
    return answer;
  }

  /** Replaces the site with `organizations`, `differences` values away from the manifests. */
  async reset(organizations: number, differences: number): Promise<number> {
    const answer = await this.#send({
      op: "reset",
      organizations,
      differences,
    });
    return answer.ms as number;
  }

  async configure(patch: EmulatorSettingsPatch): Promise<void> {
    await this.#send({ op: "configure", patch });
  }

  /** The requests answered since the last call (the log is cleared). */
  async takeRequests(): Promise<RequestLogEntry[]> {
    const answer = await this.#send({ op: "requests" });
    return answer.requests as RequestLogEntry[];
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => {
      this.#child.once("exit", () => resolve());
      this.#child.stdin.end();
    });
  }
}

/** What a stretch of the request log says. */
export interface TrafficSummary {
  readonly requests: number;
  readonly reads: number;
  readonly writes: number;
  readonly tooMany: number;
  readonly failed: number;
  /** From the first request's arrival to the last answer, as the server saw it. */
  readonly spanMs: number;
  /** The same span over successful writes only. */
  readonly writeSpanMs: number;
}

/** Counts and spans of a request log. */
export function summarizeTraffic(
  log: readonly RequestLogEntry[],
): TrafficSummary {
  const span = (entries: readonly RequestLogEntry[]): number => {
    let first = Infinity;
    let last = -Infinity;
    for (const e of entries) {
      first = Math.min(first, e.startedAtMs);
      last = Math.max(last, e.startedAtMs + e.durationMs);
    }
    return entries.length === 0 ? 0 : last - first;
  };
  const writes = log.filter(
    (e) => e.write && e.status >= 200 && e.status < 300,
  );
  return {
    requests: log.length,
    reads: log.filter((e) => !e.write).length,
    writes: writes.length,
    tooMany: log.filter((e) => e.status === 429).length,
    failed: log.filter((e) => e.status >= 400 && e.status !== 429).length,
    spanMs: span(log),
    writeSpanMs: span(writes),
  };
}
