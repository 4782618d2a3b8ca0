/**
 * One gate per client that every request passes through. It caps how many requests run at
 * once, and adapts that cap to the server (AIMD): a 429 halves it (not below 1) and pauses
 * the WHOLE gate until the server's reset time, so no worker keeps hammering a limit another
 * worker already hit; a run of successes grows it back by one, up to the configured maximum.
 * `X-RateLimit-NearLimit: true` spaces request starts out a little before a 429 comes.
 * Time is injected (`now`, `sleep`) so tests drive it with a fake clock.
 */

/** Options of a gate. */
export interface RateLimitGateOptions {
  /** The most requests in flight at once, and the starting point. @default 8 */
  readonly maxConcurrency: number;
  readonly now: () => number;
  /** Resolves after `ms` (a timer); the gate uses it to wake up after a pause. */
  readonly sleep: (ms: number) => Promise<void>;
  /** Receives one line per transition (pause, cut, growth, near-limit). */
  readonly logger?: (line: string) => void;
  /** Consecutive successes before concurrency grows by one. @default 20 */
  readonly increaseAfter?: number;
  /** Spacing between request starts while the server says it is near its limit. @default 50 */
  readonly nearLimitSpacingMs?: number;
  /**
   * The longest pause one 429 may impose on every request, like the client's whole retry
   * wait: a `Retry-After: 86400` must not freeze an apply for a day. The call that got it
   * fails instead (see Transport). @default 120000
   */
  readonly maxPauseMs?: number;
}

/** What became of a request that held a slot. */
export type GateOutcome =
  | { readonly kind: "success"; readonly nearLimit: boolean }
  | {
      readonly kind: "rate-limited";
      /** Epoch ms when the server will take requests again. */
      readonly resumeAt: number;
      /** The call, for the log line (`POST organization/profile/fetch`). */
      readonly label: string;
    }
  /** Any other failure: neither a reason to slow down nor to speed up. */
  | { readonly kind: "other" };

/** A held slot. `release` must be called exactly once. */
export interface GateTicket {
  /** When the request was let through (epoch ms). */
  readonly startedAt: number;
  release(outcome: GateOutcome): void;
}

/**
 * What a client asks of its rate-limit gate (`ClientOptions.gate`): a slot per request, and
 * each slot released once with what its answer said. `RateLimitGate` is the default.
 */
export interface RequestGate {
  /** Waits for a slot; rejects with the signal's reason on abort. */
  acquire(signal?: AbortSignal): Promise<GateTicket>;
}

interface Waiter {
  resolve: (ticket: GateTicket) => void;
  reject: (reason: unknown) => void;
  signal: AbortSignal | undefined;
  onAbort: () => void;
}

/** The default AIMD gate; see the file comment. */
export class RateLimitGate implements RequestGate {
  readonly #options: Required<Omit<RateLimitGateOptions, "logger">> & {
    logger: ((line: string) => void) | undefined;
  };
  #concurrency: number;
  #inFlight = 0;
  #pausedUntil = 0;
  #lastCutAt = -Infinity;
  #successes = 0;
  #nearLimit = false;
  #nextStartAt = 0;
  #wakeAt: number | undefined;
  readonly #queue: Waiter[] = [];

  constructor(options: RateLimitGateOptions) {
    this.#options = {
      increaseAfter: 20,
      nearLimitSpacingMs: 50,
      maxPauseMs: 120_000,
      ...options,
      maxConcurrency: Math.max(1, Math.floor(options.maxConcurrency)),
      logger: options.logger,
    };
    this.#concurrency = this.#options.maxConcurrency;
  }

  /** The current cap on requests in flight. */
  get concurrency(): number {
    return this.#concurrency;
  }

  /** Requests holding a slot now. */
  get inFlight(): number {
    return this.#inFlight;
  }

  /** Epoch ms until which no request starts (0 or past: not paused). */
  get pausedUntil(): number {
    return this.#pausedUntil;
  }

  /** Waits for a slot (and for any pause to end). Rejects with the signal's reason on abort. */
  acquire(signal?: AbortSignal): Promise<GateTicket> {
    signal?.throwIfAborted();
    return new Promise<GateTicket>((resolve, reject) => {
      const waiter: Waiter = {
        resolve,
        reject,
        signal,
        onAbort: () => {
          const index = this.#queue.indexOf(waiter);
          if (index >= 0) this.#queue.splice(index, 1);
          reject(signal?.reason as Error);
        },
      };
      signal?.addEventListener("abort", waiter.onAbort, { once: true });
      this.#queue.push(waiter);
      this.#pump();
    });
  }

  #pump(): void {
    while (this.#queue.length > 0 && this.#inFlight < this.#concurrency) {
      const now = this.#options.now();
      if (now < this.#pausedUntil) return this.#wakeUpAt(this.#pausedUntil);
      if (this.#nearLimit && now < this.#nextStartAt)
        return this.#wakeUpAt(this.#nextStartAt);
      const waiter = this.#queue.shift();
      if (waiter === undefined) return;
      waiter.signal?.removeEventListener("abort", waiter.onAbort);
      this.#inFlight += 1;
      this.#nextStartAt = now + this.#options.nearLimitSpacingMs;
      waiter.resolve(this.#ticket(now));
    }
  }

  #wakeUpAt(at: number): void {
    if (this.#wakeAt !== undefined && this.#wakeAt <= at) return;
    this.#wakeAt = at;
    void this.#options.sleep(Math.max(0, at - this.#options.now())).then(() => {
      if (this.#wakeAt === at) this.#wakeAt = undefined;
      this.#pump();
    });
  }

  #ticket(startedAt: number): GateTicket {
    let released = false;
    return {
      startedAt,
      release: (outcome) => {
        if (released) return;
        released = true;
        this.#inFlight -= 1;
        this.#record(outcome, startedAt);
        this.#pump();
      },
    };
  }

  #record(outcome: GateOutcome, startedAt: number): void {
    if (outcome.kind === "rate-limited")
      return this.#rateLimited(outcome, startedAt);
    if (outcome.kind === "other") {
      this.#successes = 0;
      return;
    }
    this.#setNearLimit(outcome.nearLimit);
    this.#successes += 1;
    const { maxConcurrency, increaseAfter } = this.#options;
    if (
      this.#successes >= increaseAfter &&
      this.#concurrency < maxConcurrency
    ) {
      const before = this.#concurrency;
      this.#concurrency += 1;
      this.#successes = 0;
      this.#log(
        `concurrency ${before} → ${this.#concurrency} after ${increaseAfter} successful requests`,
      );
    }
  }

  #rateLimited(
    outcome: Extract<GateOutcome, { kind: "rate-limited" }>,
    startedAt: number,
  ): void {
    const now = this.#options.now();
    this.#successes = 0;
    const before = this.#concurrency;
    // Requests that were already in flight when the cap was cut report the same storm:
    // only a request started after the last cut may cut again.
    if (startedAt > this.#lastCutAt) {
      this.#concurrency = Math.max(1, Math.floor(this.#concurrency / 2));
      this.#lastCutAt = now;
    }
    const cap = now + this.#options.maxPauseMs;
    this.#pausedUntil = Math.max(
      this.#pausedUntil,
      Math.min(outcome.resumeAt, cap),
    );
    const seconds = (Math.max(0, this.#pausedUntil - now) / 1000).toFixed(1);
    const capped =
      outcome.resumeAt > cap
        ? ` (capped: the server asked for ${((outcome.resumeAt - now) / 1000).toFixed(1)}s)`
        : "";
    this.#log(
      `paused ${seconds}s${capped} after 429 on ${outcome.label}; concurrency ${before} → ${this.#concurrency}`,
    );
  }

  #setNearLimit(nearLimit: boolean): void {
    if (nearLimit === this.#nearLimit) return;
    this.#nearLimit = nearLimit;
    this.#log(
      nearLimit
        ? `server reports near limit; spacing request starts ${this.#options.nearLimitSpacingMs}ms apart`
        : "no longer near the limit; spacing off",
    );
  }

  #log(text: string): void {
    this.#options.logger?.(`rate-limit: ${text}`);
  }
}
