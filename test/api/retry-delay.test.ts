import fc from "fast-check";
import { describe, expect, it } from "vitest";

import {
  isRetryableStatus,
  parseRateLimitReset,
  parseRetryAfter,
  retryDelay,
} from "../../src/api/index.js";

const NOW = Date.parse("2026-03-01T12:00:00Z");
const base = { now: NOW, random: 0.5, baseDelayMs: 500, maxDelayMs: 30_000 };

describe("retryDelay", () => {
  it("does not retry a definite client error", () => {
    for (const status of [400, 401, 403, 404, 409, 412, 422]) {
      expect(retryDelay({ ...base, attempt: 0, status })).toBeUndefined();
    }
  });

  it("retries 408, 429, 5xx and network failures", () => {
    for (const status of [408, 429, 500, 502, 503, 504]) {
      expect(isRetryableStatus(status)).toBe(true);
      expect(retryDelay({ ...base, attempt: 0, status })).toBeTypeOf("number");
    }
    expect(retryDelay({ ...base, attempt: 0 })).toBeTypeOf("number");
  });

  it("draws full jitter below the exponential ceiling, capped by maxDelayMs", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 40 }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        fc.integer({ min: 1, max: 5_000 }),
        fc.integer({ min: 1, max: 120_000 }),
        (attempt, random, baseDelayMs, maxDelayMs) => {
          const delay = retryDelay({
            attempt,
            now: NOW,
            random,
            baseDelayMs,
            maxDelayMs,
            status: 503,
          });
          const ceiling = Math.min(maxDelayMs, baseDelayMs * 2 ** attempt);
          expect(delay).toBeGreaterThanOrEqual(0);
          expect(delay).toBeLessThan(ceiling);
        },
      ),
    );
  });

  it("grows the ceiling exponentially with the attempt", () => {
    const at = (attempt: number): number | undefined =>
      retryDelay({ ...base, attempt, random: 0.999999 });
    expect(at(0)).toBe(499);
    expect(at(1)).toBe(999);
    expect(at(3)).toBe(3999);
    expect(at(10)).toBe(29_999);
  });

  it("honours Retry-After in seconds over the backoff", () => {
    const delay = retryDelay({
      ...base,
      attempt: 5,
      status: 503,
      headers: { "retry-after": "7" },
    });
    expect(delay).toBe(7000);
  });

  it("honours Retry-After as an HTTP date", () => {
    const date = new Date(NOW + 12_000).toUTCString();
    expect(
      retryDelay({
        ...base,
        attempt: 0,
        status: 429,
        headers: { "retry-after": date },
      }),
    ).toBe(12_000);
    expect(parseRetryAfter(new Date(NOW - 5000).toUTCString(), NOW)).toBe(0);
  });

  it("uses X-RateLimit-Reset on a 429 when there is no Retry-After", () => {
    const reset = new Date(NOW + 4_500).toISOString();
    expect(
      retryDelay({
        ...base,
        attempt: 0,
        status: 429,
        headers: { "x-ratelimit-reset": reset },
      }),
    ).toBe(4_500);
    // Retry-After comes first.
    expect(
      retryDelay({
        ...base,
        attempt: 0,
        status: 429,
        headers: { "x-ratelimit-reset": reset, "retry-after": "2" },
      }),
    ).toBe(2000);
    // A rate-limit reset says nothing about a 503.
    expect(
      retryDelay({
        ...base,
        attempt: 0,
        status: 503,
        random: 0,
        headers: { "x-ratelimit-reset": reset },
      }),
    ).toBe(0);
  });

  it("reads X-RateLimit-Reset as ISO, epoch seconds or epoch milliseconds", () => {
    expect(parseRateLimitReset(new Date(NOW + 3000).toISOString(), NOW)).toBe(
      3000,
    );
    expect(parseRateLimitReset(String((NOW + 3000) / 1000), NOW)).toBe(3000);
    expect(parseRateLimitReset(String(NOW + 3000), NOW)).toBe(3000);
    expect(parseRateLimitReset("garbage", NOW)).toBeUndefined();
  });

  it("falls back to backoff when Retry-After is unreadable", () => {
    expect(
      retryDelay({
        ...base,
        attempt: 0,
        status: 503,
        random: 0.5,
        headers: { "retry-after": "soon-ish 12" },
      }),
    ).toBe(250);
    expect(parseRetryAfter("-3", NOW)).toBeUndefined();
  });
});
