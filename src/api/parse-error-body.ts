/**
 * Atlassian answers errors in several shapes depending on the service behind the gateway:
 * Jira's `{errorMessages, errors}`, the platform's `{code, message}`, a bare `{message}`,
 * OAuth's `{error, error_description}`, and JSON:API-style `{errors: [{title, detail}]}`.
 * This reads all of them into one list of messages and a list of per-field errors.
 */

/** One message about one input field, from Jira's `errors: { field: message }`. */
export interface FieldError {
  readonly field: string;
  readonly message: string;
}

/** What an error body said, whatever its shape. */
export interface ParsedErrorBody {
  readonly messages: readonly string[];
  readonly fieldErrors: readonly FieldError[];
}

const MAX_MESSAGE = 500;

/** Reads an error body (raw text or already parsed JSON). Never throws. */
export function parseErrorBody(body: unknown): ParsedErrorBody {
  const parsed = typeof body === "string" ? parseText(body) : body;
  const messages: string[] = [];
  const fieldErrors: FieldError[] = [];
  if (typeof parsed === "string") {
    messages.push(parsed);
  } else if (isRecord(parsed)) {
    readJiraShape(parsed, messages, fieldErrors);
    readMessageShapes(parsed, messages);
  }
  return {
    messages: [...new Set(messages.map(clip).filter((m) => m !== ""))],
    fieldErrors: fieldErrors.map((e) => ({
      field: clip(e.field),
      message: clip(e.message),
    })),
  };
}

/** JSON when it parses; else a short plain-text line (never an HTML page). */
function parseText(text: string): unknown {
  const trimmed = text.trim();
  if (trimmed === "") return undefined;
  try {
    return JSON.parse(trimmed) as unknown;
  } catch {
    if (trimmed.startsWith("<")) return undefined;
    return trimmed.split("\n", 1)[0];
  }
}

function readJiraShape(
  body: Readonly<Record<string, unknown>>,
  messages: string[],
  fieldErrors: FieldError[],
): void {
  const { errorMessages, errors } = body;
  if (Array.isArray(errorMessages)) {
    for (const m of errorMessages) if (typeof m === "string") messages.push(m);
  }
  if (Array.isArray(errors)) {
    for (const item of errors) {
      if (typeof item === "string") messages.push(item);
      else if (isRecord(item)) {
        const text = firstString(item, ["message", "detail", "title"]);
        if (text !== undefined) messages.push(text);
      }
    }
  } else if (isRecord(errors)) {
    for (const [field, message] of Object.entries(errors)) {
      if (typeof message === "string") fieldErrors.push({ field, message });
      else if (Array.isArray(message)) {
        const text = message.filter((m) => typeof m === "string").join("; ");
        if (text !== "") fieldErrors.push({ field, message: text });
      }
    }
  }
}

function readMessageShapes(
  body: Readonly<Record<string, unknown>>,
  messages: string[],
): void {
  const message = firstString(body, ["message", "errorMessage"]);
  const code = body.code;
  if (message !== undefined) {
    messages.push(
      typeof code === "string" || typeof code === "number"
        ? `${message} (${String(code)})`
        : message,
    );
  } else if (typeof code === "string") {
    messages.push(code);
  }
  const oauth = body.error;
  if (typeof oauth === "string") {
    const description = body.error_description;
    messages.push(
      typeof description === "string" ? `${oauth}: ${description}` : oauth,
    );
  }
}

function firstString(
  record: Readonly<Record<string, unknown>>,
  keys: readonly string[],
): string | undefined {
  for (const key of keys) {
    const value = record[key];
    if (typeof value === "string" && value.trim() !== "") return value;
  }
  return undefined;
}

function isRecord(value: unknown): value is Readonly<Record<string, unknown>> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function clip(text: string): string {
  const trimmed = text.trim();
  return trimmed.length > MAX_MESSAGE
    ? `${trimmed.slice(0, MAX_MESSAGE)}…`
    : trimmed;
}
