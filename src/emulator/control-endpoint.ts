import type { IncomingMessage, ServerResponse } from "node:http";

import { isOrgsyncError } from "../util/errors.js";
import { checkControlRequest } from "./control-guard.js";
import type { EmulatorRuntime } from "./emulator-runtime.js";
import { readBody } from "./serve-api.js";

/** The path under which the control endpoint is served (outside the API prefix). */
export const CONTROL_PREFIX = "/_emulator/";

interface ControlAnswer {
  readonly status: number;
  readonly body?: unknown;
}

const problem = (
  status: number,
  messages: readonly string[],
): ControlAnswer => ({
  status,
  body: { errorMessages: messages, errors: {} },
});

function parseJson(body: Buffer): unknown {
  if (body.length === 0) return undefined;
  return JSON.parse(body.toString("utf8")) as unknown;
}

async function answerControl(
  runtime: EmulatorRuntime,
  method: string,
  name: string,
  body: Buffer,
): Promise<ControlAnswer> {
  const route = `${method} ${name}`;
  switch (route) {
    case "GET state":
      return { status: 200, body: runtime.state() };
    case "GET requests":
      return { status: 200, body: { requests: runtime.requests() } };
    case "DELETE requests":
      runtime.clearRequests();
      return { status: 204 };
    case "GET config":
      return { status: 200, body: runtime.settings() };
    case "PUT config":
      return {
        status: 200,
        body: runtime.configure(parseJson(body) as object),
      };
    case "POST reset":
      await runtime.reset(parseJson(body) as object | undefined);
      return { status: 204 };
  }
  const known = ["state", "requests", "config", "reset"].includes(name);
  return problem(known ? 405 : 404, [
    `No control call ${route}; see docs/emulator.md (state, requests, config, reset).`,
  ]);
}

/**
 * Serves `/_emulator/…`: the state, the request log, the settings and reset, for tests,
 * benchmarks and people rehearsing. Never authenticated, faulted, delayed, limited or logged;
 * refused to other hosts, other origins and non-JSON writes (see control-guard.ts).
 */
export async function serveControl(
  runtime: EmulatorRuntime,
  allowedHosts: ReadonlySet<string>,
  request: IncomingMessage,
  response: ServerResponse,
): Promise<void> {
  const method = request.method ?? "GET";
  const name = (request.url ?? "").slice(CONTROL_PREFIX.length).split("?")[0]!;
  const body = (await readBody(request)) ?? Buffer.alloc(0);
  const refusal = checkControlRequest(method, request.headers, allowedHosts);
  let answer: ControlAnswer;
  try {
    answer = refusal
      ? problem(refusal.status, [refusal.message])
      : await answerControl(runtime, method, name, body);
  } catch (error) {
    if (error instanceof SyntaxError) {
      answer = problem(400, [`The body is not valid JSON: ${error.message}`]);
    } else if (isOrgsyncError(error)) {
      const status = error.code === "E_EMULATOR_PERSIST" ? 500 : 400;
      answer = problem(status, [error.message]);
    } else {
      throw error;
    }
  }
  const text = answer.body === undefined ? "" : JSON.stringify(answer.body);
  response.writeHead(answer.status, {
    ...(text ? { "Content-Type": "application/json;charset=UTF-8" } : {}),
    "Content-Length": String(Buffer.byteLength(text)),
  });
  response.end(text);
}
