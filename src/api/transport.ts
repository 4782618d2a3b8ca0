import {
  apiErrorFor,
  networkErrorFor,
  unknownOutcomeFor,
  type CallIdentity,
} from "./call-errors.js";
import type { NetworkFailure } from "./classify-failure.js";
import {
  ResponseShapeError,
  ResponseTooLargeError,
  type HttpMethod,
} from "./errors.js";
import { displayPath } from "./request-path.js";
import type { GateOutcome, RequestGate } from "./rate-limit-gate.js";
import type { Redact } from "./redact.js";
import {
  checkShape,
  type ResponseShapes,
  type ShapeName,
} from "./response-schemas.js";
import { header, retryDelay, type ResponseHeaders } from "./retry-delay.js";

/** The retry caps and backoff of a client. */
export interface RetrySettings {
  /** Attempts in all, the first included. @default 6 */
  readonly maxAttempts: number;
  /** Give up rather than wait longer than this in all between attempts. @default 120000 */
  readonly maxTotalWaitMs: number;
  /** @default 500 */
  readonly baseDelayMs: number;
  /** @default 30000 */
  readonly maxDelayMs: number;
}

/** One call, as data. */
export interface RequestSpec {
  readonly method: HttpMethod;
  /** Below the API root, segments already encoded, no leading `/`. */
  readonly path: string;
  readonly searchParams?: Readonly<Record<string, string | number>>;
  readonly body?: unknown;
  /** Send `X-ExperimentalApi: opt-in`. */
  readonly experimental: boolean;
  /**
   * `create`: never re-sent once it may have reached the server (see UnknownOutcomeError).
   * `idempotent`: GET, PUT, DELETE and the read-only POST …/fetch calls.
   */
  readonly safety: "idempotent" | "create";
  /** For an UnknownOutcomeError: the name in the create's body, or its product. */
  readonly subject?: { readonly name?: string; readonly productId?: string };
}

/** What one attempt at a call gave: an answer, a network failure, or an answer too large. */
export type Attempt =
  | { kind: "answer"; status: number; headers: ResponseHeaders; text: string }
  | { kind: "failure"; failure: NetworkFailure }
  | { kind: "too-large" };

/** What the transport needs; built by createTransport. */
export interface TransportContext {
  /** Sends one attempt; never throws (got's part, in http-policy). */
  readonly send: (spec: RequestSpec, signal?: AbortSignal) => Promise<Attempt>;
  readonly gate: RequestGate;
  readonly retry: RetrySettings;
  readonly redact: Redact;
  /** The most bytes of one answer read; past it the call fails (ResponseTooLargeError). */
  readonly maxResponseBytes: number;
  readonly log: (line: string) => void;
  readonly now: () => number;
  readonly random: () => number;
  readonly sleep: (ms: number, signal?: AbortSignal) => Promise<void>;
  /** The API root (no credentials), named in the error of a first call that finds nothing. */
  readonly apiRoot?: string;
}

/** What to do after an attempt that did not succeed. */
interface Retry {
  readonly delay: number;
  /** An attempt that may have been carried out without our hearing so. */
  readonly uncertain: boolean;
  /** False after a 429: the gate itself holds every request until the reset. */
  readonly sleep: boolean;
}

/** Where the retry loop of one call stands. */
interface Progress {
  readonly spec: RequestSpec;
  readonly call: CallIdentity;
  readonly signal: AbortSignal | undefined;
  readonly attempt: number;
  readonly waited: number;
  readonly uncertain: boolean;
}

/** Sends calls with the retry policy and the gate; see docs/connection.md. */
export class Transport {
  readonly #c: TransportContext;
  /** True once any call has succeeded: the API root is then known to be right. */
  #rootConfirmed = false;

  constructor(context: TransportContext) {
    this.#c = context;
  }

  /** Sends the call and returns its answer checked against the named response shape. */
  async json<N extends ShapeName>(
    spec: RequestSpec,
    shape: N,
    signal: AbortSignal | undefined,
  ): Promise<ResponseShapes[N]> {
    const text = await this.text(spec, signal);
    const call = `${spec.method} ${displayPath(spec)}`;
    let data: unknown;
    try {
      data = JSON.parse(text) as unknown;
    } catch {
      throw new ResponseShapeError({
        call,
        pointer: "",
        expected:
          text.trim() === "" ? "a JSON body (it was empty)" : "a JSON body",
        definition: shape,
      });
    }
    return checkShape(call, shape, data);
  }

  /** Returns the body of a 2xx answer, after retries; throws the typed errors. */
  async text(
    spec: RequestSpec,
    signal: AbortSignal | undefined,
  ): Promise<string> {
    const c = this.#c;
    const call: CallIdentity = { ...spec, path: displayPath(spec) };
    const label = `${call.method} ${call.path}`;
    let progress: Progress = {
      ...{ spec, call, signal },
      ...{ attempt: 0, waited: 0, uncertain: false },
    };
    for (;;) {
      const ticket = await c.gate.acquire(signal);
      const startedAt = c.now();
      const result = await c.send(spec, signal);
      const ms = c.now() - startedAt;
      let retry: Retry;
      if (result.kind === "too-large") {
        ticket.release({ kind: "other" });
        c.log(
          `http: ${label} → answer over ${c.maxResponseBytes} bytes (${ms} ms)`,
        );
        throw new ResponseTooLargeError({
          method: call.method,
          path: call.path,
          limit: c.maxResponseBytes,
        });
      }
      if (result.kind === "failure") {
        ticket.release({ kind: "other" });
        c.log(`http: ${label} → ${result.failure.detail} (${ms} ms)`);
        retry = this.#afterFailure(result.failure, progress);
      } else {
        c.log(`http: ${label} → ${result.status} (${ms} ms)`);
        const done = this.#afterAnswer(result, progress, ticket);
        if (typeof done === "string") return done;
        retry = done;
      }
      progress = {
        ...progress,
        attempt: progress.attempt + 1,
        waited: progress.waited + retry.delay,
        uncertain: progress.uncertain || retry.uncertain,
      };
      c.log(
        `http: retry ${progress.attempt + 1}/${c.retry.maxAttempts} of ${label} in ${(retry.delay / 1000).toFixed(1)}s`,
      );
      if (retry.sleep) await c.sleep(retry.delay, signal);
    }
  }

  /** A network failure: retry it, or throw the error that ends the call. */
  #afterFailure(failure: NetworkFailure, progress: Progress): Retry {
    const { spec, call, signal } = progress;
    const create = spec.safety === "create" && failure.sent;
    if (signal?.aborted === true) {
      if (create)
        throw unknownOutcomeFor(
          call,
          "aborted",
          "aborted while waiting for the answer",
          { cause: signal.reason },
        );
      signal.throwIfAborted();
    }
    if (create)
      throw unknownOutcomeFor(
        call,
        failure.kind === "timeout" ? "timeout" : "reset",
        failure.detail,
      );
    const delay = this.#delay(progress.attempt, undefined, {}) ?? 0;
    if (this.#exhausted(progress, delay))
      throw networkErrorFor(call, failure, progress.attempt + 1);
    return { delay, uncertain: failure.sent, sleep: true };
  }

  /**
   * An answer: its body when it is a success (or a lost DELETE's 404), else a retry, else the
   * error that ends the call. Releases the gate's slot with what the answer says about limits.
   */
  #afterAnswer(
    answer: Extract<Attempt, { kind: "answer" }>,
    progress: Progress,
    ticket: { release(outcome: GateOutcome): void },
  ): string | Retry {
    const { spec, call } = progress;
    const { status, headers } = answer;
    if (status >= 200 && status < 300) {
      this.#rootConfirmed = true;
      const near = header(headers, "x-ratelimit-nearlimit");
      ticket.release({
        kind: "success",
        nearLimit: near?.trim().toLowerCase() === "true",
      });
      return answer.text;
    }
    const delay = this.#delay(progress.attempt, status, headers);
    const label = `${call.method} ${call.path}`;
    ticket.release(
      status === 429
        ? {
            kind: "rate-limited",
            resumeAt: this.#c.now() + (delay ?? 0),
            label,
          }
        : { kind: "other" },
    );
    if (status === 404 && spec.method === "DELETE" && progress.uncertain) {
      // An earlier attempt's answer was lost; the object being gone now means it worked.
      this.#c.log(
        `http: ${label} → 404 after an unanswered attempt: taken as deleted`,
      );
      return "";
    }
    const attempts = progress.attempt + 1;
    // A 4xx other than 408/429 is a definite answer: nothing was done.
    if (delay === undefined)
      throw apiErrorFor(call, answer, attempts, this.#c.redact, {
        ...(status === 404 && !this.#rootConfirmed && this.#c.apiRoot
          ? { url: `${this.#c.apiRoot.replace(/\/*$/, "/")}${call.path}` }
          : {}),
      });
    // 429 comes from the rate limiter before the call is handled, so even a create is
    // safe to send again; any other failure of a create may have happened after it.
    if (spec.safety === "create" && status !== 429)
      throw unknownOutcomeFor(
        call,
        "server-error",
        `the server answered ${status}`,
        { status },
      );
    // A wait longer than the whole retry budget is not waited for (the gate caps its pause
    // for every other call too): this call fails now, saying how long the server asked for.
    if (delay > this.#c.retry.maxTotalWaitMs)
      throw apiErrorFor(call, answer, attempts, this.#c.redact, {
        refusedWaitMs: delay,
        maxWaitMs: this.#c.retry.maxTotalWaitMs,
      });
    if (this.#exhausted(progress, delay))
      throw apiErrorFor(call, answer, attempts, this.#c.redact);
    return { delay, uncertain: status !== 429, sleep: status !== 429 };
  }

  #exhausted(progress: Progress, delay: number): boolean {
    const { maxAttempts, maxTotalWaitMs } = this.#c.retry;
    return (
      progress.attempt + 1 >= maxAttempts ||
      progress.waited + delay > maxTotalWaitMs
    );
  }

  #delay(
    attempt: number,
    status: number | undefined,
    headers: ResponseHeaders,
  ): number | undefined {
    const { now, random, retry } = this.#c;
    const { baseDelayMs, maxDelayMs } = retry;
    return retryDelay({
      ...{ attempt, headers, now: now(), random: random() },
      ...{ baseDelayMs, maxDelayMs },
      ...(status === undefined ? {} : { status }),
    });
  }
}
