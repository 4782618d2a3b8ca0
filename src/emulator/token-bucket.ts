/** The outcome of asking the bucket for one request. */
export type TakeResult =
  | { readonly ok: true; readonly remaining: number }
  | { readonly ok: false; readonly retryAfterMs: number };

/**
 * A token bucket: `rps` tokens a second up to `burst`; each request takes one. Pure apart
 * from its own counters: the caller passes the time in.
 */
export class TokenBucket {
  private tokens: number;
  private last: number;

  constructor(
    readonly rps: number,
    readonly burst: number,
    nowMs: number,
  ) {
    this.tokens = burst;
    this.last = nowMs;
  }

  take(nowMs: number): TakeResult {
    const elapsed = Math.max(0, nowMs - this.last);
    this.last = nowMs;
    this.tokens = Math.min(
      this.burst,
      this.tokens + (elapsed * this.rps) / 1000,
    );
    if (this.tokens >= 1) {
      this.tokens -= 1;
      return { ok: true, remaining: Math.floor(this.tokens) };
    }
    return { ok: false, retryAfterMs: ((1 - this.tokens) * 1000) / this.rps };
  }
}
