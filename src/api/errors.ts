/**
 * The errors the CSM client raises. None of them holds a request, a response object, a
 * header or a credential: only the facts a person (or the applier) needs, built from text
 * that was redacted before it got here. Causes are scrubbed copies, never got's own errors
 * (those carry the request options, headers included). Over 300 lines on purpose: the
 * error classes of the client, each with the message it builds, in one module its callers
 * catch from.
 */
import { STATUS_CODES } from "node:http";

import { OrgsyncError } from "../util/errors.js";
import type { FieldError } from "./parse-error-body.js";

/** An HTTP method the client uses. */
export type HttpMethod = "GET" | "POST" | "PUT" | "DELETE";

const RAW_BODY_LIMIT = 2000;

/** Context of an API answer that was not a success. */
export interface ApiErrorDetails {
  readonly method: HttpMethod;
  /** The path below the API root (no origin, no credentials), with its query if any. */
  readonly path: string;
  readonly status: number;
  /** Atlassian's messages, from whichever body shape it used. */
  readonly messages: readonly string[];
  readonly fieldErrors: readonly FieldError[];
  /** The body as received (redacted, truncated), for reports. */
  readonly rawBody: string;
  /** How many times the call was sent. */
  readonly attempts: number;
  /** The wait the server asked for (Retry-After), when it was longer than orgsync waits. */
  readonly refusedWaitMs?: number;
  /** The longest orgsync waits in all for one call (the retry budget). */
  readonly maxWaitMs?: number;
  /**
   * The whole URL called (no credentials), given when no call to this API root had succeeded
   * yet: a 404 there most likely means the base URL is wrong, and the URL shows how.
   */
  readonly url?: string;
}

/** The form of the API root, for messages about a wrong one (api/CSM-API.md). */
export const BASE_URL_FORM =
  "https://api.atlassian.com/jsm/csm/cloudid/{cloudId}/api/v1/";

/** The API answered with a status that is not a success (after any retries). */
export class ApiError extends OrgsyncError {
  readonly method: HttpMethod;
  readonly path: string;
  readonly status: number;
  readonly messages: readonly string[];
  readonly fieldErrors: readonly FieldError[];
  readonly rawBody: string;
  readonly attempts: number;
  /** The whole URL, when it was the first call to the API root (see ApiErrorDetails). */
  readonly url: string | undefined;

  constructor(details: ApiErrorDetails, options: { cause?: unknown } = {}) {
    const hint = apiErrorHint(details);
    super("E_API_STATUS", apiErrorMessage(details), {
      ...options,
      ...(hint === undefined ? {} : { hint }),
    });
    this.method = details.method;
    this.path = details.path;
    this.status = details.status;
    this.messages = details.messages;
    this.fieldErrors = details.fieldErrors;
    this.rawBody =
      details.rawBody.length > RAW_BODY_LIMIT
        ? `${details.rawBody.slice(0, RAW_BODY_LIMIT)}…`
        : details.rawBody;
    this.attempts = details.attempts;
    this.url = details.url;
  }
}

/** `401 Unauthorized`: the status with its standard reason phrase. */
function statusText(status: number): string {
  const phrase = STATUS_CODES[status];
  return phrase === undefined ? String(status) : `${status} ${phrase}`;
}

function apiErrorMessage(d: ApiErrorDetails): string {
  const said = [
    ...d.messages,
    ...d.fieldErrors.map((e) => `${e.field}: ${e.message}`),
  ];
  const tries = d.attempts > 1 ? ` (after ${d.attempts} attempts)` : "";
  const wait =
    d.refusedWaitMs === undefined
      ? ""
      : ` and asked to wait ${seconds(d.refusedWaitMs)} before another request, longer than orgsync waits (${seconds(d.maxWaitMs ?? 0)})`;
  const text = said.length > 0 ? ` (the site said: ${said.join("; ")})` : "";
  const call = `${d.method} ${d.path} answered ${statusText(d.status)}${tries}${wait}${text}`;
  const lead = LEADS[d.status];
  const where =
    d.url !== undefined && d.status === 404
      ? `; the URL called was ${d.url}`
      : "";
  return `${lead === undefined ? call : `${lead}: ${call}`}${where}`;
}

/** What a status means for a person, said before the call that got it. */
const LEADS: Readonly<Record<number, string>> = {
  401: "the site did not accept the credentials",
  403: "the account is not allowed to do this",
};

function seconds(ms: number): string {
  return `${Math.ceil(ms / 1000).toLocaleString("en-US")} s`;
}

/** The next step for the common statuses. Exported for tests and the docs. */
export function apiErrorHint(d: {
  method: HttpMethod;
  status: number;
  attempts: number;
  refusedWaitMs?: number;
  url?: string;
}): string | undefined {
  if (d.refusedWaitMs !== undefined)
    return "the site's rate limit is spent for a long while; run again after the wait (a saved plan stays valid while nothing it read changes)";
  switch (d.status) {
    case 400:
      return "the API refused the request as sent; check the values named above against the field's type and options";
    case 401:
      return "authentication failed: check ORGSYNC_TOKEN (Bearer), or ORGSYNC_EMAIL with ORGSYNC_API_TOKEN (Basic), or the token file (--token-file / ORGSYNC_TOKEN_FILE); the token may have expired or belong to another site";
    case 403:
      return d.method === "DELETE"
        ? "deletes need a Jira admin (the Administer Jira global permission); ask one, or run with an admin's token"
        : d.method === "GET"
          ? "reading needs a JSM agent or admin account on the site; check the account the token belongs to"
          : "changes need a JSM agent or admin account (deletes need a Jira admin: Administer Jira); check the account the token belongs to";
    case 404:
      if (d.url !== undefined)
        return `the first call to the API root found nothing there: the base URL must have the form ${BASE_URL_FORM} (check --base-url / ORGSYNC_BASE_URL, or give --cloud-id / --site instead)`;
      return "not found: the object may have been deleted or renamed since it was read; check also the site (--cloud-id / --site / ORGSYNC_BASE_URL)";
    case 405:
      return "the API does not offer this call at this path; check the base URL (it must end in /api/v1/)";
    case 409:
      return "the site already holds a conflicting object (a name taken?); run plan again";
    case 412:
      return "the experimental API needs the 'X-ExperimentalApi: opt-in' header; orgsync sends it, so a proxy between you and Atlassian may strip it";
    case 429:
      return `still rate limited after ${d.attempts} attempts; lower --concurrency, or run again later`;
    default:
      if (d.status >= 500)
        return `Atlassian had trouble (${d.status})${d.attempts > 1 ? ` on all ${d.attempts} attempts` : ""}; try again later`;
      return undefined;
  }
}

/** Why the outcome of a create is not known. */
export type UnknownOutcomeReason =
  "timeout" | "reset" | "server-error" | "aborted";

/**
 * A create (organization, profile, detail field, entitlement, product) was sent, and no
 * definite answer came back: it may or may not have been carried out. The client never
 * re-sends it; the caller re-reads (e.g. fetches by name) and decides.
 */
export class UnknownOutcomeError extends OrgsyncError {
  readonly method: HttpMethod;
  readonly path: string;
  readonly reason: UnknownOutcomeReason;
  /** The status when a 5xx (or 408) was the answer. */
  readonly status: number | undefined;
  /** The `name` in the create's body, when it has one (`name` itself is the error class's). */
  readonly subjectName: string | undefined;
  /** The product of an entitlement create. */
  readonly productId: string | undefined;

  constructor(
    details: {
      method: HttpMethod;
      path: string;
      reason: UnknownOutcomeReason;
      status?: number;
      subjectName?: string;
      productId?: string;
      detail: string;
    },
    options: { cause?: unknown } = {},
  ) {
    const subject =
      details.subjectName !== undefined
        ? ` for ${JSON.stringify(details.subjectName)}`
        : details.productId !== undefined
          ? ` for product ${details.productId}`
          : "";
    super(
      "E_UNKNOWN_OUTCOME",
      `${details.method} ${details.path}${subject} may or may not have been carried out (${details.detail}); it was not re-sent, to avoid a duplicate`,
      {
        ...options,
        hint: "read the site again (orgsync plan) to see whether it exists before applying again",
      },
    );
    this.method = details.method;
    this.path = details.path;
    this.reason = details.reason;
    this.status = details.status;
    this.subjectName = details.subjectName;
    this.productId = details.productId;
  }
}

/** An answer whose JSON does not have the shape orgsync relies on. */
export class ResponseShapeError extends OrgsyncError {
  /** The call, e.g. `GET organization/details`. */
  readonly call: string;
  /** JSON pointer of the offending value in the answer ("" for the whole body). */
  readonly pointer: string;
  /** What was expected there. */
  readonly expected: string;
  /** The schema definition checked (schema/api/csm-api.schema.json#/definitions/…). */
  readonly definition: string;

  constructor(details: {
    call: string;
    pointer: string;
    expected: string;
    definition: string;
  }) {
    super(
      "E_API_SHAPE",
      `${details.call} answered an unexpected shape at ${details.pointer === "" ? "the top level" : details.pointer}: expected ${details.expected} (schema/api/csm-api.schema.json#/definitions/${details.definition})`,
      {
        hint: "the API may have changed, or the base URL points at something else; run with --debug and report it",
      },
    );
    this.call = details.call;
    this.pointer = details.pointer;
    this.expected = details.expected;
    this.definition = details.definition;
  }
}

/** An answer larger than the client reads (`maxResponseBytes`); not retried. */
export class ResponseTooLargeError extends OrgsyncError {
  readonly method: HttpMethod;
  readonly path: string;
  readonly limit: number;

  constructor(details: { method: HttpMethod; path: string; limit: number }) {
    super(
      "E_API_TOO_LARGE",
      `${details.method} ${details.path} answered with more than ${details.limit.toLocaleString("en-US")} bytes; orgsync stopped reading it`,
      {
        hint: "no CSM answer is that large: check the base URL (--base-url / ORGSYNC_BASE_URL) points at the CSM API; a write whose answer was cut may have been carried out, so run plan again",
      },
    );
    this.method = details.method;
    this.path = details.path;
    this.limit = details.limit;
  }
}

/** What kind of network failure it was. */
export type NetworkFailureKind =
  "timeout" | "reset" | "refused" | "dns" | "other";

/** The API could not be reached, or stopped answering, on every attempt. */
export class NetworkError extends OrgsyncError {
  readonly method: HttpMethod;
  readonly path: string;
  readonly kind: NetworkFailureKind;
  readonly attempts: number;

  constructor(
    details: {
      method: HttpMethod;
      path: string;
      kind: NetworkFailureKind;
      attempts: number;
      detail: string;
    },
    options: { cause?: unknown } = {},
  ) {
    super(
      "E_NETWORK",
      `${details.method} ${details.path} failed${details.attempts > 1 ? ` on all ${details.attempts} attempts` : ""}: ${details.detail}`,
      {
        ...options,
        hint:
          details.kind === "timeout"
            ? "the API did not answer in time; try again, or raise --timeout"
            : "check the network and the site (--cloud-id / --site / ORGSYNC_BASE_URL)",
      },
    );
    this.method = details.method;
    this.path = details.path;
    this.kind = details.kind;
    this.attempts = details.attempts;
  }
}

/** The site's cloud id could not be looked up from `--site`. */
export class SiteLookupError extends OrgsyncError {
  readonly site: string;

  constructor(site: string, detail: string, options: { cause?: unknown } = {}) {
    super(
      "E_SITE_LOOKUP",
      `could not look up the cloud id of ${site} (${detail})`,
      {
        ...options,
        hint: "check the site name (NAME.atlassian.net), or give the cloud id with --cloud-id / ORGSYNC_CLOUD_ID",
      },
    );
    this.site = site;
  }
}

/** A request the client refuses to send as asked (too many names, an unsendable name). */
export class ApiRequestError extends OrgsyncError {
  constructor(message: string, options: { hint?: string } = {}) {
    super("E_API_REQUEST", message, options);
  }
}
