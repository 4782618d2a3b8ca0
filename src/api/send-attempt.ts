import type { Got } from "got";

import { classifyFailure, type NetworkFailure } from "./classify-failure.js";
import type { ResponseHeaders } from "./retry-delay.js";
import type { RequestSpec } from "./transport.js";

/** What one attempt at a call gave: an answer, a network failure, or an answer too large. */
export type Attempt =
  | {
      kind: "answer";
      status: number;
      headers: ResponseHeaders;
      text: string;
    }
  | { kind: "failure"; failure: NetworkFailure }
  | { kind: "too-large" };

/**
 * Sends one attempt of a call. Never throws: a network failure is classified, and an answer
 * past `maxResponseBytes` (decompressed, or by its `Content-Length`) is cut off unread, so an
 * endless or huge body cannot fill memory.
 */
export async function sendAttempt(
  http: Got,
  spec: RequestSpec,
  signal: AbortSignal | undefined,
  options: {
    readonly maxResponseBytes: number;
    readonly timeouts: {
      readonly connectMs: number;
      readonly responseMs: number;
    };
  },
): Promise<Attempt> {
  const limit = options.maxResponseBytes;
  let tooLarge = false;
  try {
    const request = http(spec.path, {
      method: spec.method,
      ...(spec.body === undefined ? {} : { json: spec.body }),
      ...(spec.searchParams === undefined
        ? {}
        : { searchParams: { ...spec.searchParams } }),
      ...(spec.experimental
        ? { headers: { "x-experimentalapi": "opt-in" } }
        : {}),
      ...(signal === undefined ? {} : { signal }),
    });
    void request.on("downloadProgress", (progress) => {
      if (tooLarge) return;
      if (progress.transferred > limit || (progress.total ?? 0) > limit) {
        tooLarge = true;
        request.cancel();
      }
    });
    const response = await request;
    return {
      kind: "answer",
      status: response.statusCode,
      headers: response.headers,
      text:
        typeof response.body === "string"
          ? response.body
          : String(response.body),
    };
  } catch (error) {
    if (tooLarge) return { kind: "too-large" };
    return {
      kind: "failure",
      failure: classifyFailure(error, options.timeouts),
    };
  }
}
