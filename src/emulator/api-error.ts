import { OrgsyncError } from "../util/errors.js";

/** What an error answer says, before the dialect gives it a body (see `renderProblem`). */
export interface Problem {
  /** Messages about the request as a whole. */
  readonly messages: readonly string[];
  /** Messages keyed by the body property at fault. */
  readonly fieldErrors: Readonly<Record<string, string>>;
}

/**
 * An error answer the emulator sends on purpose: a status and what went wrong, which the
 * server writes in the envelope of the dialect in force. Handlers throw it.
 */
export class ApiError extends OrgsyncError {
  readonly status: number;
  readonly problem: Problem;
  readonly headers: Readonly<Record<string, string>>;

  constructor(
    status: number,
    messages: readonly string[],
    errors: Readonly<Record<string, string>> = {},
    headers: Readonly<Record<string, string>> = {},
  ) {
    const fieldErrors = Object.create(null) as Record<string, string>;
    for (const [key, value] of Object.entries(errors)) fieldErrors[key] = value;
    super(
      "E_EMULATOR_ANSWER",
      `${status}: ${describeProblem({ messages, fieldErrors })}`,
    );
    this.status = status;
    this.problem = { messages: [...messages], fieldErrors };
    this.headers = headers;
  }
}

/** A problem as one line: the messages, then `property: message` for each field error. */
export function describeProblem(problem: Problem): string {
  return [
    ...problem.messages,
    ...Object.entries(problem.fieldErrors).map(([k, v]) => `${k}: ${v}`),
  ].join("; ");
}

/** 400 naming the body property at fault. */
export function invalidProperty(property: string, message: string): ApiError {
  return new ApiError(400, [], { [property]: message });
}

/** 400 about the request as a whole. */
export function badRequest(message: string): ApiError {
  return new ApiError(400, [message]);
}

export function notFound(message: string): ApiError {
  return new ApiError(404, [message]);
}
