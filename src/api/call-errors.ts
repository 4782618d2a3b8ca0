import type { NetworkFailure } from "./classify-failure.js";
import {
  ApiError,
  NetworkError,
  UnknownOutcomeError,
  type HttpMethod,
  type UnknownOutcomeReason,
} from "./errors.js";
import { clipMessage, parseErrorBody } from "./parse-error-body.js";
import type { Redact } from "./redact.js";
import { escapeForTerminal } from "../util/escape.js";

/** The parts of a call its errors name. */
export interface CallIdentity {
  readonly method: HttpMethod;
  /** The path with its query (no origin). */
  readonly path: string;
  readonly subject?: { readonly name?: string; readonly productId?: string };
}

/** What an ApiError may add about the call: a wait refused, the whole URL of a first call. */
export interface ApiErrorExtra {
  readonly refusedWaitMs?: number;
  readonly maxWaitMs?: number;
  readonly url?: string;
}

/**
 * An ApiError from a failed answer, with everything the server said redacted first (before
 * any clipping). A text body none of whose shapes is known is kept as its text; JSON in no
 * known shape is not put in the message (a blob of braces helps no one: the status says it,
 * and the raw body stays on the error for reports).
 */
export function apiErrorFor(
  call: CallIdentity,
  answer: { status: number; text: string },
  attempts: number,
  redact: Redact,
  extra: ApiErrorExtra = {},
): ApiError {
  const redacted = redact(answer.text);
  const parsed = parseErrorBody(redacted, redact);
  const messages =
    parsed.messages.length === 0 &&
    parsed.fieldErrors.length === 0 &&
    !isJson(redacted)
      ? [clipMessage(redacted.replace(/\s+/g, " "))].filter((m) => m !== "")
      : parsed.messages;
  return new ApiError({
    method: call.method,
    path: call.path,
    status: answer.status,
    messages,
    fieldErrors: parsed.fieldErrors,
    rawBody: escapeForTerminal(redacted),
    attempts,
    ...extra,
  });
}

function isJson(text: string): boolean {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}

/** An UnknownOutcomeError for a create that may have been carried out. */
export function unknownOutcomeFor(
  call: CallIdentity,
  reason: UnknownOutcomeReason,
  detail: string,
  extra: { status?: number; cause?: unknown } = {},
): UnknownOutcomeError {
  const { name, productId } = call.subject ?? {};
  return new UnknownOutcomeError(
    {
      method: call.method,
      path: call.path,
      reason,
      detail,
      ...(extra.status === undefined ? {} : { status: extra.status }),
      ...(name === undefined ? {} : { subjectName: name }),
      ...(productId === undefined ? {} : { productId }),
    },
    extra.cause === undefined ? {} : { cause: extra.cause },
  );
}

/** A NetworkError whose cause is a plain copy: got's error holds the request headers. */
export function networkErrorFor(
  call: CallIdentity,
  failure: NetworkFailure,
  attempts: number,
): NetworkError {
  const cause = new Error(failure.detail);
  cause.name = "NetworkFailure";
  if (failure.code !== undefined) Object.assign(cause, { code: failure.code });
  return new NetworkError(
    {
      method: call.method,
      path: call.path,
      kind: failure.kind,
      attempts,
      detail: failure.detail,
    },
    { cause },
  );
}
