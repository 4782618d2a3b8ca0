import { describe, expect, it } from "vitest";

import type { RecordedExchange } from "../../src/api/index.js";
import { clockCheck, rateLimitCheck } from "../../src/doctor/index.js";

/** An answer recorded at `atMs` taking `durationMs`, with these response headers. */
function answer(
  atMs: number,
  headers: Record<string, string>,
  durationMs = 40,
): RecordedExchange {
  return {
    at: new Date(atMs).toISOString(),
    method: "GET",
    url: "https://api.example/api/v1/organization/details",
    status: 200,
    durationMs,
    requestHeaders: {},
    requestBody: null,
    responseHeaders: headers,
    responseBody: "{}",
  };
}

const AT = Date.parse("2027-03-01T12:00:00.000Z");
const noAnswer: RecordedExchange = {
  ...answer(AT, {}),
  status: null,
  responseBody: null,
  error: "ECONNRESET",
};

describe("clockCheck", () => {
  it("passes when the server's Date agrees to the second", () => {
    expect(
      clockCheck([answer(AT + 300, { date: new Date(AT).toUTCString() })]),
    ).toMatchObject({ status: "ok", message: expect.stringMatching(/agrees/) });
  });

  it("passes a small skew and says which way", () => {
    expect(
      clockCheck([answer(AT, { date: new Date(AT + 20_000).toUTCString() })]),
    ).toMatchObject({
      status: "ok",
      message: "this machine's clock is 20 s behind the server's Date",
    });
  });

  it("warns, with a fix, when the clock is more than a minute off (the largest skew counts)", () => {
    const check = clockCheck([
      answer(AT, { date: new Date(AT - 2_000).toUTCString() }),
      answer(AT, { date: new Date(AT - 300_000).toUTCString() }),
      noAnswer,
    ]);
    expect(check).toMatchObject({
      status: "warn",
      message: expect.stringMatching(/^this machine's clock is 300 s ahead of/),
      fix: expect.stringMatching(/NTP/),
    });
  });

  it("says so when no answer had a Date", () => {
    expect(clockCheck([answer(AT, {}), noAnswer]).status).toBe("info");
  });
});

describe("rateLimitCheck", () => {
  it("lists the rate-limit headers seen, with the last value of each", () => {
    const check = rateLimitCheck([
      answer(AT, { "x-ratelimit-limit": "100", "x-ratelimit-remaining": "99" }),
      answer(AT, {
        "x-ratelimit-remaining": "42",
        "x-ratelimit-nearlimit": "true",
      }),
    ]);
    expect(check).toEqual({
      id: "rate-limit",
      status: "info",
      message:
        "seen X-RateLimit-Limit: 100, X-RateLimit-Remaining: 42, X-RateLimit-NearLimit: true",
    });
  });

  it("is information, never a failure, when none were sent", () => {
    expect(rateLimitCheck([answer(AT, {}), noAnswer])).toMatchObject({
      status: "info",
      message: expect.stringMatching(/^no rate-limit headers on 1 answer\b/),
    });
  });
});
