import type { NetworkFailure } from "./classify-failure.js";
import {
  ApiError,
  NetworkError,
  UnknownOutcomeError,
  type HttpMethod,
  type UnknownOutcomeReason,
} from "./errors.js";
import { parseErrorBody } from "./parse-error-body.js";
import type { Redact } from "./redact.js";

/** The parts of a call its errors name. */
export interface CallIdentity {
  readonly method: HttpMethod;
  /** The path with its query (no origin). */
  readonly path: string;
  readonly subject?: { readonly name?: string; readonly productId?: string };
}

/** An ApiError from a failed answer, with everything the server said redacted. */
export function apiErrorFor(
  call: CallIdentity,
  answer: { status: number; text: string },
  attempts: number,
  redact: Redact,
): ApiError {
  const parsed = parseErrorBody(answer.text);
  return new ApiError({
    method: call.method,
    path: call.path,
    status: answer.status,
    messages: parsed.messages.map(redact),
    fieldErrors: parsed.fieldErrors.map((e) => ({
      field: redact(e.field),
      message: redact(e.message),
    })),
    rawBody: redact(answer.text),
    attempts,
  });
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
