import { readFileSync } from "node:fs";

import { Ajv } from "ajv";

import {
  startEmulator,
  type EmulatorOptions,
  type RunningEmulator,
} from "../../src/emulator/index.js";
import type { WireError } from "./wire-types.js";

/** An answer as a test sees it; `T` is what the test expects the body to be. */
export interface Reply<T = unknown> {
  readonly status: number;
  readonly headers: Headers;
  /** Parsed JSON, or undefined for an empty body. */
  readonly body: T;
}

export interface CallInit {
  /** Sent as JSON. */
  readonly body?: unknown;
  /** Sent as is (for malformed bodies). */
  readonly rawBody?: string;
  readonly headers?: Readonly<Record<string, string>>;
  /** Send `Authorization: Bearer test`. @default true */
  readonly auth?: boolean;
  /** Send `X-ExperimentalApi: opt-in`. @default true */
  readonly experimental?: boolean;
  readonly signal?: AbortSignal;
  /** Which API root `path` is relative to. @default "csm" */
  readonly api?: "csm" | "servicedesk";
}

/** Starts an emulator for a test: no latency, short hangs, seedable randomness. */
export function startTestEmulator(
  options: EmulatorOptions = {},
): Promise<RunningEmulator> {
  return startEmulator({ hangMs: 300, ...options });
}

/** One API call over real HTTP, path relative to the API root. */
export async function call<T = unknown>(
  emulator: RunningEmulator,
  method: string,
  path: string,
  init: CallInit = {},
): Promise<Reply<T>> {
  const headers: Record<string, string> = { Accept: "application/json" };
  if (init.auth !== false) headers.Authorization = "Bearer test";
  if (init.experimental !== false) headers["X-ExperimentalApi"] = "opt-in";
  let body: string | undefined = init.rawBody;
  if (init.body !== undefined) body = JSON.stringify(init.body);
  if (body !== undefined) headers["Content-Type"] = "application/json";
  Object.assign(headers, init.headers);
  const root =
    init.api === "servicedesk" ? emulator.serviceDeskBaseUrl : emulator.baseUrl;
  const response = await fetch(new URL(path, root), {
    method,
    headers,
    ...(body === undefined ? {} : { body }),
    ...(init.signal ? { signal: init.signal } : {}),
  });
  const text = await response.text();
  return {
    status: response.status,
    headers: response.headers,
    body: (text === "" ? undefined : JSON.parse(text)) as T,
  };
}

const schema = JSON.parse(
  readFileSync(
    new URL("../../schema/api/csm-api.schema.json", import.meta.url),
    "utf8",
  ),
) as { $id: string };
const ajv = new Ajv({ allErrors: true, strict: false });
ajv.addSchema(schema);

/** The problems of a value against a definition of schema/api/csm-api.schema.json. */
export function schemaProblems(definition: string, value: unknown): string[] {
  const validate = ajv.getSchema(`${schema.$id}#/definitions/${definition}`);
  if (!validate)
    throw new Error(`no definition ${definition} in the API schema`);
  if (validate(value)) return [];
  return (validate.errors ?? []).map(
    (error) => `${error.instancePath} ${error.message ?? ""}`,
  );
}

/** Asserts a CSM-shaped error body (the strict dialect's) and returns it. */
export function errorBody(reply: Reply): WireError {
  const body = reply.body as WireError | undefined;
  if (
    typeof body?.errorMessage !== "string" ||
    !Array.isArray(body.errors) ||
    !body.errors.every((item) => typeof item === "string") ||
    body.statusCode !== reply.status
  ) {
    throw new Error(`not an error body: ${JSON.stringify(body)}`);
  }
  return body;
}

/** The text of an error answer: the message and every field error, for `toMatch`. */
export function errorText(reply: Reply): string {
  const body = errorBody(reply);
  return [body.errorMessage, ...body.errors].join(" | ");
}

/** The body properties an error answer names (`property: message` field errors). */
export function errorProperties(reply: Reply): string[] {
  return errorBody(reply).errors.map((item) => item.split(": ", 1)[0]!);
}

/** A deterministic `random` (mulberry32), so faults and jitter repeat run to run. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
