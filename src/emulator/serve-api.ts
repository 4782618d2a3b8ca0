import type { IncomingMessage, ServerResponse } from "node:http";

import { ApiError } from "./api-error.js";
import { answerApi, resolveTarget, type Answer } from "./answer-api.js";
import { renderProblem, renderSuccess } from "./dialect.js";
import type { EmulatorRuntime } from "./emulator-runtime.js";
import type { FaultKind } from "./types.js";

/** Bodies larger than this are refused with 413 before they are parsed. */
const MAX_BODY_BYTES = 5 * 1024 * 1024;

/** What `serveApi` needs from the server around it. */
export interface ServeOptions {
  readonly cloudId: string;
  readonly token: string | undefined;
  readonly hangMs: number;
  /** Timers of hanging requests, so `close()` can end them at once. */
  readonly hangs: Set<NodeJS.Timeout>;
  readonly log: ((line: string) => void) | undefined;
}

/** Reads a request body; undefined when it is larger than `MAX_BODY_BYTES`. */
export function readBody(
  request: IncomingMessage,
): Promise<Buffer | undefined> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    request.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size <= MAX_BODY_BYTES) chunks.push(chunk);
    });
    request.on("end", () =>
      resolve(size > MAX_BODY_BYTES ? undefined : Buffer.concat(chunks, size)),
    );
    request.on("error", reject);
  });
}

const sleep = (ms: number): Promise<void> =>
  new Promise((resolve) => setTimeout(resolve, ms).unref());

function errorAnswer(
  status: number,
  message: string,
  headers: Record<string, string> = {},
): Answer {
  const error = new ApiError(status, [message], {}, headers);
  return { status, problem: error.problem, headers };
}

/** The headers of a 429, from rate limiting or from an injected fault. */
function rateLimited(
  retryAfterMs: number,
  limit: number,
  reason: string,
): Answer {
  const seconds = Math.max(1, Math.ceil(retryAfterMs / 1000));
  return errorAnswer(
    429,
    "Rate limit exceeded; retry after the Retry-After delay.",
    {
      "Retry-After": String(seconds),
      "X-RateLimit-Limit": String(limit),
      "X-RateLimit-Remaining": "0",
      "X-RateLimit-Reset": new Date(Date.now() + retryAfterMs).toISOString(),
      "RateLimit-Reason": reason,
    },
  );
}

/**
 * Serves one API request through the knobs, in order: latency, rate limit, injected fault,
 * then the call itself (`answerApi`). Logs what happened, including faults that sent nothing.
 */
export async function serveApi(
  runtime: EmulatorRuntime,
  options: ServeOptions,
  request: IncomingMessage,
  response: ServerResponse,
): Promise<void> {
  const seq = runtime.log.nextSeq();
  const startedAtMs = runtime.now();
  const method = request.method ?? "GET";
  const path = request.url ?? "/";
  const queryAt = path.indexOf("?");
  const pathname = queryAt < 0 ? path : path.slice(0, queryAt);
  const query = queryAt < 0 ? "" : path.slice(queryAt + 1);
  const body = await readBody(request);
  const requestBytes = body?.length ?? MAX_BODY_BYTES;
  const target = resolveTarget(method, pathname);
  // Set once the injector has decided; read when the request is logged.
  const injected: { fault?: FaultKind } = {};

  const record = (status: number, responseBytes: number): void => {
    const durationMs = runtime.now() - startedAtMs;
    runtime.log.add({
      seq,
      method,
      path,
      status,
      startedAtMs,
      durationMs,
      requestBytes,
      responseBytes,
      write: target.write,
      api: target.api,
      ...(injected.fault ? { fault: injected.fault } : {}),
    });
    options.log?.(
      `${method} ${path} → ${status || "no answer"} ${durationMs.toFixed(1)}ms${injected.fault ? ` (fault ${injected.fault})` : ""}`,
    );
  };
  const send = (answer: Answer, extra: Record<string, string> = {}): void => {
    const dialect = runtime.current.dialect;
    const { text, contentType } = answer.problem
      ? renderProblem(
          dialect,
          answer.status,
          answer.problem,
          runtime.nextErrorTurn(),
          target.api,
        )
      : answer.status === 204 || answer.body === undefined
        ? { text: "", contentType: undefined }
        : renderSuccess(dialect, answer.body);
    const bytes = Buffer.byteLength(text);
    if (!response.destroyed && !response.headersSent) {
      response.writeHead(answer.status, {
        ...(contentType && text ? { "Content-Type": contentType } : {}),
        "Content-Length": String(bytes),
        ...extra,
        ...answer.headers,
      });
      response.end(text);
    }
    record(answer.status, bytes);
  };

  if (pathname === "/_edge/tenant_info" && method === "GET") {
    send({ status: 200, body: { cloudId: options.cloudId } });
    return;
  }
  if (!body) {
    send(
      errorAnswer(
        413,
        `Request bodies are limited to ${MAX_BODY_BYTES} bytes.`,
      ),
    );
    return;
  }

  const latency = runtime.current.latency;
  if (latency) {
    await sleep(latency.fixedMs + runtime.random() * (latency.jitterMs ?? 0));
  }

  const rateHeaders: Record<string, string> = {};
  const bucket = runtime.buckets[target.api];
  if (bucket) {
    const taken = bucket.take(runtime.now());
    if (!taken.ok) {
      send(
        rateLimited(taken.retryAfterMs, bucket.burst, "emulator rate limit"),
      );
      return;
    }
    rateHeaders["X-RateLimit-Limit"] = String(bucket.burst);
    rateHeaders["X-RateLimit-Remaining"] = String(taken.remaining);
    if (taken.remaining < 0.2 * bucket.burst) {
      rateHeaders["X-RateLimit-NearLimit"] = "true";
    }
  }

  const injector = runtime.injector;
  const fault = injector?.decide(method, path);
  if (fault) injected.fault = fault;
  const retryAfterMs = (injector?.config.retryAfterSeconds ?? 1) * 1000;
  switch (fault) {
    case "500":
      send(errorAnswer(500, "Injected fault: internal server error."));
      return;
    case "503":
      send(
        errorAnswer(503, "Injected fault: service unavailable.", {
          "Retry-After": String(retryAfterMs / 1000),
        }),
      );
      return;
    case "429":
      send(rateLimited(retryAfterMs, bucket?.burst ?? 1, "injected fault"));
      return;
    case "reset":
      record(0, 0);
      request.socket.resetAndDestroy();
      return;
    case "hang": {
      record(0, 0);
      const timer = setTimeout(() => {
        options.hangs.delete(timer);
        request.socket.destroy();
      }, options.hangMs);
      options.hangs.add(timer);
      return;
    }
    case "done-500":
      if (!target.write) {
        send(errorAnswer(500, "Injected fault: internal server error."));
        return;
      }
      break;
    case undefined:
      break;
  }

  let answer: Answer;
  try {
    answer = await answerApi(
      runtime,
      { method, pathname, query, headers: request.headers, body },
      target,
      options.token,
    );
  } catch (error) {
    // A failed state write (or a bug): the client sees a 500 and the log records it.
    answer = errorAnswer(500, `Emulator failure: ${(error as Error).message}`);
  }
  if (fault === "done-500") {
    send(
      errorAnswer(
        500,
        "Injected fault: the change was made, but the answer is an error.",
      ),
    );
    return;
  }
  send(answer, rateHeaders);
}
