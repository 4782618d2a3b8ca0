import type {
  AfterResponseHook,
  BeforeErrorHook,
  Options,
  RequestError,
  Response,
} from "got";

import type { Redact } from "./redact.js";

/**
 * One HTTP exchange (one attempt: a retried call gives one each), as `--record` writes it, one
 * JSON line each. Credentials are gone: the `Authorization`, `Proxy-Authorization`, `Cookie`
 * and `Set-Cookie` headers are dropped, and every other value is redacted. Bodies are kept
 * as sent and received: they hold customer data.
 */
export interface RecordedExchange {
  /** When the request started (ISO 8601). */
  readonly at: string;
  readonly method: string;
  /** The whole URL, query included. */
  readonly url: string;
  /** The answer's status; null when no answer came (reset, refused, timeout). */
  readonly status: number | null;
  /** From sending the request to the end of the answer (or the failure). */
  readonly durationMs: number | null;
  readonly requestHeaders: Readonly<Record<string, string>>;
  /** The body as sent (JSON text), or null. */
  readonly requestBody: string | null;
  readonly responseHeaders: Readonly<Record<string, string>>;
  /** The body as received, or null when no answer came. */
  readonly responseBody: string | null;
  /** Why no answer came (`ECONNREFUSED`, `ETIMEDOUT`…); absent when one did. */
  readonly error?: string;
}

/** Receives every exchange of a client (see `ClientOptions.onExchange`). */
export type ExchangeRecorder = (exchange: RecordedExchange) => void;

/** Headers that carry credentials or sessions: never recorded, whatever their value. */
const DROPPED_HEADERS = new Set([
  "authorization",
  "proxy-authorization",
  "cookie",
  "set-cookie",
]);

/**
 * got hooks that hand each exchange to `record`, credentials removed (see
 * `RecordedExchange`). `afterResponse` sees every answer (the client does not throw on
 * statuses); `beforeError` sees the attempts that got none.
 */
export function recordingHooks(
  record: ExchangeRecorder,
  redact: Redact,
): { afterResponse: AfterResponseHook[]; beforeError: BeforeErrorHook[] } {
  const common = (
    options: Options,
    url: string,
    start: number | undefined,
    end: number | undefined,
  ) => ({
    at: new Date(start ?? Date.now()).toISOString(),
    method: options.method.toUpperCase(),
    url: redact(url),
    durationMs:
      start === undefined || end === undefined ? null : Math.round(end - start),
    requestHeaders: cleanHeaders(options.headers, redact),
    requestBody: requestBody(options, redact),
  });
  return {
    afterResponse: [
      (response: Response) => {
        const { timings } = response;
        record({
          ...common(
            response.request.options,
            response.url,
            timings.start,
            timings.end ?? timings.phases.total,
          ),
          status: response.statusCode,
          responseHeaders: cleanHeaders(response.headers, redact),
          responseBody: redact(
            typeof response.body === "string"
              ? response.body
              : String(response.body),
          ),
        });
        return response;
      },
    ],
    beforeError: [
      (error: RequestError) => {
        const timings = error.timings;
        const end = timings?.error ?? timings?.abort ?? timings?.end;
        record({
          ...common(
            error.options,
            error.options.url?.toString() ?? "",
            timings?.start,
            end,
          ),
          status: null,
          responseHeaders: {},
          responseBody: null,
          error: error.code,
        });
        return error;
      },
    ],
  };
}

function cleanHeaders(
  headers: Readonly<Record<string, string | string[] | undefined>>,
  redact: Redact,
): Record<string, string> {
  const clean: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    const key = name.toLowerCase();
    if (DROPPED_HEADERS.has(key) || value === undefined) continue;
    clean[key] = redact(Array.isArray(value) ? value.join(", ") : value);
  }
  return clean;
}

function requestBody(options: Options, redact: Redact): string | null {
  if (options.json !== undefined) return redact(JSON.stringify(options.json));
  if (typeof options.body === "string") return redact(options.body);
  return null;
}
