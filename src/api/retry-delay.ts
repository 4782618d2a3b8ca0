/**
 * How long to wait before sending a call again: a pure function of the failed attempt, so
 * the policy can be read and tested on its own.
 */

/** Response headers, as node gives them (lower-case names). */
export type ResponseHeaders = Readonly<
  Record<string, string | readonly string[] | undefined>
>;

/** The facts about one failed attempt. */
export interface RetryDelayInput {
  /** 0 for the first attempt, 1 for the first retry… */
  readonly attempt: number;
  /** The HTTP status; undefined for a network failure (reset, timeout, refused). */
  readonly status?: number;
  readonly headers?: ResponseHeaders;
  /** Now, in epoch milliseconds (for `Retry-After` dates and `X-RateLimit-Reset`). */
  readonly now: number;
  /** A number in [0, 1). */
  readonly random: number;
  /** The backoff's first ceiling. @default 500 */
  readonly baseDelayMs: number;
  /** The largest backoff ceiling (a server's own instruction may be longer). @default 30000 */
  readonly maxDelayMs: number;
}

/** True for the statuses worth another try: 408, 429 and 5xx. */
export function isRetryableStatus(status: number): boolean {
  return status === 408 || status === 429 || (status >= 500 && status <= 599);
}

/**
 * The delay before the next attempt, in milliseconds, or undefined when the failure is not
 * worth retrying (a 4xx other than 408/429). The server's word comes first: `Retry-After`
 * (seconds or an HTTP date), then, on a 429, `X-RateLimit-Reset` (an ISO timestamp).
 * Otherwise exponential backoff with full jitter: a uniform pick in
 * [0, min(maxDelayMs, baseDelayMs × 2^attempt)), so that many clients that failed together
 * do not come back together.
 */
export function retryDelay(input: RetryDelayInput): number | undefined {
  const { status, headers = {} } = input;
  if (status !== undefined && !isRetryableStatus(status)) return undefined;
  const retryAfter = parseRetryAfter(header(headers, "retry-after"), input.now);
  if (retryAfter !== undefined) return retryAfter;
  if (status === 429) {
    const reset = parseRateLimitReset(
      header(headers, "x-ratelimit-reset"),
      input.now,
    );
    if (reset !== undefined) return reset;
  }
  const ceiling = Math.min(
    input.maxDelayMs,
    input.baseDelayMs * 2 ** Math.max(0, input.attempt),
  );
  return Math.floor(clampUnit(input.random) * ceiling);
}

/** `Retry-After: 3` or `Retry-After: Wed, 21 Oct 2015 07:28:00 GMT` → milliseconds from now. */
export function parseRetryAfter(
  value: string | undefined,
  now: number,
): number | undefined {
  if (value === undefined) return undefined;
  const text = value.trim();
  if (/^\d+(\.\d+)?$/.test(text)) return Math.ceil(Number(text) * 1000);
  // Every HTTP-date form starts with the weekday; V8's Date.parse alone accepts nonsense.
  if (!/^(mon|tue|wed|thu|fri|sat|sun)[a-z]*,?\s/i.test(text)) return undefined;
  const at = Date.parse(text);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}

/**
 * `X-RateLimit-Reset`: Atlassian sends an ISO timestamp. Epoch seconds or milliseconds (other
 * APIs' habit) are accepted too. Milliseconds from now; a time already past means 0.
 */
export function parseRateLimitReset(
  value: string | undefined,
  now: number,
): number | undefined {
  if (value === undefined) return undefined;
  const text = value.trim();
  let at: number;
  if (/^\d+(\.\d+)?$/.test(text)) {
    const n = Number(text);
    // Epoch milliseconds, epoch seconds, or (small) seconds from now.
    at = n > 1e12 ? n : n > 1e9 ? n * 1000 : now + n * 1000;
  } else {
    at = Date.parse(text);
    if (Number.isNaN(at)) return undefined;
  }
  return Math.max(0, Math.ceil(at - now));
}

/** One header's value (the first, when repeated). */
export function header(
  headers: ResponseHeaders,
  name: string,
): string | undefined {
  const value = headers[name.toLowerCase()];
  if (value === undefined) return undefined;
  return typeof value === "string" ? value : value[0];
}

function clampUnit(n: number): number {
  if (!(n >= 0)) return 0;
  return n >= 1 ? 1 - Number.EPSILON : n;
}
