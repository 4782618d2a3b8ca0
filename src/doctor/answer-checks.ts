import type { RecordedExchange } from "../api/record-exchange.js";
import type { DoctorCheck } from "./doctor-report.js";
import { plural } from "../util/plural.js";

/** Above this, the clock check warns: rate-limit resets are absolute times. */
const CLOCK_SKEW_WARN_MS = 60_000;

/** The rate-limit headers Atlassian documents, as they are spelt in messages. */
const RATE_LIMIT_HEADERS = [
  "X-RateLimit-Limit",
  "X-RateLimit-Remaining",
  "X-RateLimit-Reset",
  "X-RateLimit-NearLimit",
  "RateLimit-Reason",
  "Retry-After",
] as const;

/** The answers among the exchanges (an exchange with no answer has no headers to read). */
function answered(exchanges: readonly RecordedExchange[]): RecordedExchange[] {
  return exchanges.filter((e) => e.status !== null);
}

/**
 * Which rate-limit headers the site sent, with the values of the last answer that had each:
 * informational, since orgsync also works from `Retry-After` and backoff alone.
 */
export function rateLimitCheck(
  exchanges: readonly RecordedExchange[],
): DoctorCheck {
  const answers = answered(exchanges);
  const seen: string[] = [];
  for (const name of RATE_LIMIT_HEADERS) {
    const key = name.toLowerCase();
    const last = answers.findLast((e) => e.responseHeaders[key] !== undefined);
    if (last !== undefined)
      seen.push(`${name}: ${last.responseHeaders[key] ?? ""}`);
  }
  return {
    id: "rate-limit",
    status: "info",
    message:
      seen.length === 0
        ? `no rate-limit headers on ${plural(answers.length, "answer")}; orgsync paces itself by Retry-After and backoff`
        : `seen ${seen.join(", ")}`,
  };
}

/**
 * How far this machine's clock is from the server's, by each answer's `Date` (one-second
 * resolution) against the middle of the exchange. The largest difference counts.
 */
export function clockCheck(
  exchanges: readonly RecordedExchange[],
): DoctorCheck {
  let worst: number | undefined;
  for (const e of answered(exchanges)) {
    const date = Date.parse(e.responseHeaders.date ?? "");
    const at = Date.parse(e.at);
    if (Number.isNaN(date) || Number.isNaN(at)) continue;
    // The server's Date is truncated to the second: compare with our time truncated too.
    const local = Math.floor((at + (e.durationMs ?? 0) / 2) / 1000) * 1000;
    const skew = local - date;
    if (worst === undefined || Math.abs(skew) > Math.abs(worst)) worst = skew;
  }
  if (worst === undefined)
    return {
      id: "clock",
      status: "info",
      message: "no answer carried a Date header to compare the clock with",
    };
  const seconds = Math.round(Math.abs(worst) / 1000);
  const side = worst > 0 ? "ahead of" : "behind";
  if (Math.abs(worst) <= CLOCK_SKEW_WARN_MS)
    return {
      id: "clock",
      status: "ok",
      message:
        seconds <= 1
          ? "this machine's clock agrees with the server's Date"
          : `this machine's clock is ${seconds} s ${side} the server's Date`,
    };
  return {
    id: "clock",
    status: "warn",
    message: `this machine's clock is ${seconds} s ${side} the server's Date; waits until X-RateLimit-Reset will be off by as much`,
    fix: "synchronise the clock (NTP: timedatectl set-ntp true, or your OS's time settings)",
  };
}
