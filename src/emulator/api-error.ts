import { OrgsyncError } from "../model/errors.js";

/** The body of an error answer, in Jira's usual shape. */
export interface ErrorBody {
  readonly errorMessages: string[];
  readonly errors: Record<string, string>;
}

/**
 * An error answer the emulator sends on purpose: a status and an Atlassian-shaped body
 * (`errorMessages` for the request as a whole, `errors` keyed by the body property at fault).
 * Handlers throw it; the server turns it into the answer.
 */
export class ApiError extends OrgsyncError {
  readonly status: number;
  readonly body: ErrorBody;
  readonly headers: Readonly<Record<string, string>>;

  constructor(
    status: number,
    messages: readonly string[],
    errors: Readonly<Record<string, string>> = {},
    headers: Readonly<Record<string, string>> = {},
  ) {
    const fieldErrors = Object.entries(errors).map(([k, v]) => `${k}: ${v}`);
    super(
      "E_EMULATOR_ANSWER",
      `${status}: ${[...messages, ...fieldErrors].join("; ")}`,
    );
    this.status = status;
    const errorsCopy = Object.create(null) as Record<string, string>;
    for (const [key, value] of Object.entries(errors)) errorsCopy[key] = value;
    this.body = { errorMessages: [...messages], errors: errorsCopy };
    this.headers = headers;
  }
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
