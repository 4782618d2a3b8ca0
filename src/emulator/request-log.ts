import type { RequestLogEntry } from "./types.js";

/** The request log: every API request in arrival order, the oldest dropped past `max`. */
export class RequestLog {
  private entries: RequestLogEntry[] = [];
  private seq = 0;

  constructor(private readonly max: number) {}

  /** Numbers a request on arrival, so `seq` follows arrival order even when answers do not. */
  nextSeq(): number {
    return ++this.seq;
  }

  add(entry: RequestLogEntry): void {
    this.entries.push(entry);
    // Drop in chunks so a full log costs O(1) per request on average.
    if (this.entries.length > this.max + Math.ceil(this.max / 10)) {
      this.entries = this.entries.slice(this.entries.length - this.max);
    }
  }

  list(): RequestLogEntry[] {
    const from = Math.max(0, this.entries.length - this.max);
    return this.entries.slice(from).sort((a, b) => a.seq - b.seq);
  }

  clear(): void {
    this.entries = [];
  }
}
