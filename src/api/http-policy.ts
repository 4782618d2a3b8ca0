/**
 * The one HTTP policy of orgsync: every request (the CSM calls and the site's cloud-id lookup)
 * goes through a `Transport` built here. got sends the bytes and enforces the timeouts; its
 * own retries, HTTP errors and redirects stay off, because the Transport's loop decides (from
 * the pure `retryDelay` and the shared rate-limit gate) and it alone knows which calls are
 * creates that must never be re-sent blindly.
 */
import { setTimeout as timer } from "node:timers/promises";

import got, { type Got } from "got";

import { ORGSYNC_VERSION } from "../version.js";
import { classifyFailure } from "./classify-failure.js";
import { RateLimitGate, type RequestGate } from "./rate-limit-gate.js";
import { recordingHooks, type ExchangeRecorder } from "./record-exchange.js";
import type { Redact } from "./redact.js";
import {
  Transport,
  type Attempt,
  type RequestSpec,
  type RetrySettings,
} from "./transport.js";

/**
 * The defaults, named so the docs, the tests and every caller (CLI, live reader, applier,
 * export, doctor) cite one object.
 */
export const CLIENT_DEFAULTS = {
  connectMs: 10_000,
  responseMs: 30_000,
  /** Requests in flight at once: the gate's cap and every batch's p-limit. */
  concurrency: 8,
  maxResponseBytes: 32 * 1024 * 1024,
  retry: {
    maxAttempts: 6,
    maxTotalWaitMs: 120_000,
    baseDelayMs: 500,
    maxDelayMs: 30_000,
  },
} as const;

/** How requests are sent: the part of `ClientOptions` the transport reads. */
export interface HttpOptions {
  readonly timeouts?: {
    /** To open a connection (DNS, TCP, TLS). @default 10000 */
    readonly connectMs?: number;
    /** From the request being sent to its answer, and again to read the body. @default 30000 */
    readonly responseMs?: number;
  };
  readonly retry?: Partial<RetrySettings>;
  /**
   * The most bytes of one answer read (decompressed); a larger answer fails its call with
   * `E_API_TOO_LARGE`. @default 33554432 (32 MiB: a page of 50 profiles is well under 1 MiB)
   */
  readonly maxResponseBytes?: number;
  /** The default gate's starting (and largest) number of requests in flight. @default 8 */
  readonly concurrency?: number;
  /**
   * The gate every request passes (like octokit's throttling plugin, replaceable). One gate
   * may be shared by several clients. @default an AIMD `RateLimitGate` of `concurrency`
   */
  readonly gate?: RequestGate;
  /** Receives debug lines (requests, retries, the rate-limit gate), already redacted. */
  readonly logger?: (line: string) => void;
  /** Names orgsync and its version, as Atlassian asks. @default "orgsync/VERSION (node VERSION)" */
  readonly userAgent?: string;
  /** [0, 1) for backoff jitter. @default Math.random */
  readonly random?: () => number;
  /** Epoch ms. @default Date.now */
  readonly now?: () => number;
  /** Waits `ms`; rejects with the signal's reason when aborted. @default a timer */
  readonly sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  /**
   * Receives every HTTP exchange (each attempt), with the Authorization, Cookie and
   * Set-Cookie headers removed and the credentials redacted from everything else. Bodies
   * hold customer data. What `--record FILE` writes.
   */
  readonly onExchange?: ExchangeRecorder;
}

/** A timer that rejects with the signal's reason when aborted. */
function defaultSleep(ms: number, signal?: AbortSignal): Promise<void> {
  return timer(Math.max(0, ms), undefined, signal && { signal }).catch(
    (error: unknown) => {
      signal?.throwIfAborted();
      throw error;
    },
  );
}

/**
 * A Transport on `prefixUrl`. `authorization` is sent on every request when given;
 * `redact` cleans every log line, error and recorded exchange.
 */
export function createTransport(
  prefixUrl: string,
  options: HttpOptions,
  redact: Redact,
  authorization?: string,
): Transport {
  const now = options.now ?? Date.now;
  const sleep = options.sleep ?? defaultSleep;
  const log = (line: string): void => options.logger?.(redact(line));
  const connectMs = options.timeouts?.connectMs ?? CLIENT_DEFAULTS.connectMs;
  const responseMs = options.timeouts?.responseMs ?? CLIENT_DEFAULTS.responseMs;
  const retry: Record<keyof RetrySettings, number> = {
    ...CLIENT_DEFAULTS.retry,
  };
  for (const [key, value] of Object.entries(options.retry ?? {}))
    if (value !== undefined) retry[key as keyof RetrySettings] = value;
  const http = got.extend({
    prefixUrl,
    headers: {
      "user-agent":
        options.userAgent ??
        `orgsync/${ORGSYNC_VERSION} (node ${process.version})`,
      accept: "application/json",
      ...(authorization === undefined ? {} : { authorization }),
    },
    responseType: "text",
    throwHttpErrors: false,
    retry: { limit: 0 },
    // A redirect could carry the Authorization header to another host; the API never
    // redirects, so a 3xx is reported as it is.
    followRedirect: false,
    ...(options.onExchange === undefined
      ? {}
      : { hooks: recordingHooks(options.onExchange, redact) }),
    timeout: {
      lookup: connectMs,
      connect: connectMs,
      secureConnect: connectMs,
      send: responseMs,
      response: responseMs,
      read: responseMs,
    },
  });
  const gate =
    options.gate ??
    new RateLimitGate({
      maxConcurrency: options.concurrency ?? CLIENT_DEFAULTS.concurrency,
      maxPauseMs: retry.maxTotalWaitMs,
      now,
      sleep: (ms) => sleep(ms),
      logger: log,
    });
  const maxResponseBytes =
    options.maxResponseBytes ?? CLIENT_DEFAULTS.maxResponseBytes;
  return new Transport({
    send: (spec, signal) =>
      sendAttempt(http, spec, signal, maxResponseBytes, {
        connectMs,
        responseMs,
      }),
    gate,
    retry,
    redact,
    maxResponseBytes,
    log,
    now,
    random: options.random ?? Math.random,
    sleep,
    apiRoot: prefixUrl,
  });
}

/**
 * Sends one attempt of a call. Never throws: a network failure is classified, and an answer
 * past `limit` bytes (decompressed, or by its `Content-Length`) is cut off unread, so an
 * endless or huge body cannot fill memory.
 */
async function sendAttempt(
  http: Got,
  spec: RequestSpec,
  signal: AbortSignal | undefined,
  limit: number,
  timeouts: { readonly connectMs: number; readonly responseMs: number },
): Promise<Attempt> {
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
    const { statusCode: status, headers, body } = response;
    return { kind: "answer", status, headers, text: String(body) };
  } catch (error) {
    if (tooLarge) return { kind: "too-large" };
    return { kind: "failure", failure: classifyFailure(error, timeouts) };
  }
}
