/**
 * Atlassian answers errors in several shapes depending on the service behind the gateway
 * (api/CSM-API.md "Errors and rate limits"): CSM's `{errorMessage, errors: [...], statusCode}`,
 * Jira's `{errorMessages, errors: {field: message}}`, the service desk's
 * `{errorMessage, i18nErrorMessage: {i18nKey, parameters}}`, the gateway's `{code, message}`,
 * OAuth's `{error, error_description}`, JSON:API-style `{errors: [{title, detail}]}`, and
 * HTML or plain text (a 429's `<html>The request has been rate-limited.</html>`). This reads
 * all of them into one list of messages and a list of per-field errors. Secrets are
 * redacted BEFORE anything is clipped, so a cut can never leave part of one behind.
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

/**
 * Reads an error body (raw text or already parsed JSON). `redact` runs on the raw text first
 * and on every message again before it is clipped. Never throws.
 */
export function parseErrorBody(
  body: unknown,
  redact: (text: string) => string = (text) => text,
): ParsedErrorBody {
  const parsed = typeof body === "string" ? parseText(redact(body)) : body;
  const messages: string[] = [];
  const fieldErrors: FieldError[] = [];
  if (typeof parsed === "string") {
    messages.push(parsed);
  } else if (isRecord(parsed)) {
    readJiraShape(parsed, messages, fieldErrors);
    readMessageShapes(parsed, messages);
  }
  return {
    messages: [
      ...new Set(
        messages.map((m) => clipMessage(redact(m))).filter((m) => m !== ""),
      ),
    ],
    fieldErrors: fieldErrors.map((e) => ({
      field: clipMessage(redact(e.field)),
      message: clipMessage(redact(e.message)),
    })),
  };
}

/** JSON when it parses; else the text of an HTML page, or the first line of plain text. */
function parseText(text: string): unknown {
  const trimmed = text.trim();
  if (trimmed === "") return undefined;
  try {
    return JSON.parse(trimmed) as unknown;
  } catch {
    if (trimmed.startsWith("<")) return htmlText(trimmed);
    return trimmed.split("\n", 1)[0];
  }
}

/** The words of an HTML page: scripts, styles and tags dropped, whitespace collapsed. */
function htmlText(html: string): string | undefined {
  const text = html
    .replace(/<(script|style)\b[\s\S]*?<\/\1\s*>/gi, " ")
    .replace(/<[^>]*>/g, " ")
    .replace(/\s+/g, " ")
    .trim();
  return text === "" ? undefined : text;
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
  const message = firstString(body, ["message", "errorMessage"]) ?? i18n(body);
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

/** The service desk's `i18nErrorMessage: {i18nKey, parameters}`, when no message came with it. */
function i18n(body: Readonly<Record<string, unknown>>): string | undefined {
  const value = body.i18nErrorMessage;
  if (!isRecord(value) || typeof value.i18nKey !== "string") return undefined;
  const parameters = Array.isArray(value.parameters)
    ? value.parameters.filter(
        (p) => typeof p === "string" || typeof p === "number",
      )
    : [];
  return parameters.length > 0
    ? `${value.i18nKey} (${parameters.join(", ")})`
    : value.i18nKey;
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

/** A message trimmed and cut to 500 characters (after redaction, never before). */
export function clipMessage(text: string): string {
  const trimmed = text.trim();
  return trimmed.length > MAX_MESSAGE
    ? `${trimmed.slice(0, MAX_MESSAGE)}…`
    : trimmed;
}
