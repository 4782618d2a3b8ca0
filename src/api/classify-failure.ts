import type { NetworkFailureKind } from "./errors.js";

/** A network failure, reduced to the facts the retry policy needs. */
export interface NetworkFailure {
  readonly kind: NetworkFailureKind;
  /**
   * Whether the request may have reached the server. False only when the connection was
   * never made (refused, no DNS answer, connect timeout): then even a create is safe to
   * send again.
   */
  readonly sent: boolean;
  /** A short description built here, never the library's message (it may carry options). */
  readonly detail: string;
  /** The error code (`ECONNRESET`, `ETIMEDOUT`…), when there is one. */
  readonly code: string | undefined;
}

const NOT_CONNECTED: Readonly<Record<string, NetworkFailureKind>> = {
  ECONNREFUSED: "refused",
  ENOTFOUND: "dns",
  EAI_AGAIN: "dns",
  ENETUNREACH: "refused",
  EHOSTUNREACH: "refused",
};

const BEFORE_SENDING = new Set(["lookup", "connect", "secureConnect"]);

/**
 * Reads a transport error (got's, node's) into a `NetworkFailure`. Only `code` and the
 * timeout's `event` are read; the error object itself is dropped, since got's errors hold the
 * request options, Authorization header included.
 */
export function classifyFailure(
  error: unknown,
  timeouts: { connectMs: number; responseMs: number },
): NetworkFailure {
  const code = readString(error, "code");
  const event = readString(error, "event");
  if (code === "ETIMEDOUT" && event !== undefined) {
    const before = BEFORE_SENDING.has(event);
    return {
      kind: "timeout",
      sent: !before,
      code,
      detail: before
        ? `no connection within ${timeouts.connectMs} ms`
        : `no answer within ${timeouts.responseMs} ms (timeout waiting for '${event}')`,
    };
  }
  if (code !== undefined) {
    const kind = Object.hasOwn(NOT_CONNECTED, code)
      ? NOT_CONNECTED[code]
      : undefined;
    if (kind !== undefined)
      return {
        kind,
        sent: false,
        code,
        detail:
          kind === "dns"
            ? `the host name did not resolve (${code})`
            : `the connection was refused (${code})`,
      };
    if (code === "ECONNRESET" || code === "EPIPE")
      return {
        kind: "reset",
        sent: true,
        code,
        detail: `the connection was reset (${code})`,
      };
    if (code === "ETIMEDOUT")
      return {
        kind: "timeout",
        sent: true,
        code,
        detail: `timed out (${code})`,
      };
  }
  return {
    kind: "other",
    sent: true,
    code,
    detail: `the request failed${code === undefined ? "" : ` (${code})`}`,
  };
}

function readString(value: unknown, key: string): string | undefined {
  if (typeof value !== "object" || value === null || !(key in value))
    return undefined;
  const found = (value as Record<string, unknown>)[key];
  return typeof found === "string" ? found : undefined;
}
