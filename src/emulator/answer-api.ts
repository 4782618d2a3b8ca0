import { ApiError, badRequest, type Problem } from "./api-error.js";
import type { EmulatorRuntime } from "./emulator-runtime.js";
import type { RouteMatch } from "./route.js";
import { matchRoute } from "./route.js";
import { API_ROUTES } from "./routes/api-routes.js";
import { SERVICE_DESK_ROUTES } from "./routes/servicedesk-routes.js";
import type { EmulatorApi } from "./types.js";

/**
 * An answer before it is sent: status, JSON body (none for 204) or, for an error, the
 * problem that the dialect in force gives a body, and extra headers.
 */
export interface Answer {
  readonly status: number;
  readonly body?: unknown;
  readonly problem?: Problem;
  readonly headers?: Readonly<Record<string, string>>;
}

/** What an API request is, decided from its method and path alone. */
export interface ApiTarget {
  readonly match: RouteMatch;
  /** True for calls that change state; unknown calls count as writes unless GET/HEAD. */
  readonly write: boolean;
  readonly api: EmulatorApi;
}

/**
 * Matches `/jsm/csm/cloudid/{cloudId}/api/v1/...` against the CSM API's routes and
 * `/ex/jira/{cloudId}/rest/servicedeskapi/...` against the service desk API's. Every cloud id
 * is served, from the one state. Other paths count as the CSM API's (and answer 404).
 */
export function resolveTarget(method: string, pathname: string): ApiTarget {
  const segments = pathname.split("/");
  const at = (i: number, part: string): boolean => segments[i] === part;
  const cloudId = (i: number): boolean => (segments[i] ?? "") !== "";
  const api: EmulatorApi =
    at(1, "ex") && at(2, "jira") && cloudId(3) && at(4, "rest")
      ? "servicedesk"
      : "csm";
  const match: RouteMatch =
    api === "servicedesk"
      ? at(5, "servicedeskapi")
        ? matchRoute(SERVICE_DESK_ROUTES, method, segments.slice(6))
        : { kind: "none" }
      : at(1, "jsm") &&
          at(2, "csm") &&
          at(3, "cloudid") &&
          cloudId(4) &&
          at(5, "api") &&
          at(6, "v1")
        ? matchRoute(API_ROUTES, method, segments.slice(7))
        : { kind: "none" };
  const write =
    match.kind === "found"
      ? match.route.write
      : method !== "GET" && method !== "HEAD";
  return { match, write, api };
}

/** The request facts `answerApi` needs. */
export interface ApiRequest {
  readonly method: string;
  readonly pathname: string;
  readonly query: string;
  readonly headers: Readonly<
    Record<string, string | readonly string[] | undefined>
  >;
  readonly body: Buffer;
}

function header(request: ApiRequest, name: string): string | undefined {
  const value = request.headers[name];
  return typeof value === "string" ? value : value?.[0];
}

/** True when the Authorization header is acceptable (any, or the configured token). */
function authorized(
  value: string | undefined,
  token: string | undefined,
): boolean {
  if (value === undefined || value.trim() === "") return false;
  if (token === undefined) return true;
  const [scheme = "", credential = ""] = value.trim().split(/\s+/, 2);
  if (scheme.toLowerCase() === "bearer") return credential === token;
  if (scheme.toLowerCase() === "basic") {
    const decoded = Buffer.from(credential, "base64").toString("utf8");
    const colon = decoded.indexOf(":");
    return colon >= 0 && decoded.slice(colon + 1) === token;
  }
  return false;
}

function parseBody(request: ApiRequest): unknown {
  if (request.body.length === 0) return undefined;
  const type = header(request, "content-type") ?? "";
  if (!/^application\/(?:[\w.+-]+\+)?json\b/i.test(type.trim())) {
    throw new ApiError(415, [
      `Request bodies must be JSON sent with Content-Type: application/json (found "${type}").`,
    ]);
  }
  try {
    return JSON.parse(request.body.toString("utf8")) as unknown;
  } catch (error) {
    throw badRequest(
      `The request body is not valid JSON: ${(error as Error).message}.`,
    );
  }
}

function decodeParams(params: readonly string[]): string[] {
  return params.map((param) => {
    try {
      return decodeURIComponent(param);
    } catch {
      throw badRequest(
        `The path segment "${param}" is not valid URL encoding.`,
      );
    }
  });
}

/**
 * Answers one API call after the knobs (latency, rate limit, faults) have had their say:
 * authentication (401), routing (404, 405), the experimental opt-in (412), read-only mode
 * (403), the body (415, 400), then the call itself. A successful write is persisted before
 * it is answered.
 */
export async function answerApi(
  runtime: EmulatorRuntime,
  request: ApiRequest,
  target: ApiTarget,
  token: string | undefined,
): Promise<Answer> {
  try {
    if (!authorized(header(request, "authorization"), token)) {
      throw new ApiError(
        401,
        [
          "Client must be authenticated to access this resource: send a Bearer token or Basic credentials in the Authorization header.",
        ],
        {},
        { "WWW-Authenticate": 'Bearer realm="emulator"' },
      );
    }
    const { match } = target;
    if (match.kind === "none") {
      throw new ApiError(404, [
        `No API call ${request.method} ${request.pathname}.`,
      ]);
    }
    if (match.kind === "method") {
      throw new ApiError(
        405,
        [
          `${request.method} is not allowed here; allowed: ${match.allowed.join(", ")}.`,
        ],
        {},
        { Allow: match.allowed.join(", ") },
      );
    }
    const { route } = match;
    const optIn = header(request, "x-experimentalapi");
    if (route.experimental && optIn?.trim().toLowerCase() !== "opt-in") {
      throw new ApiError(412, [
        "This is an experimental API: send the header X-ExperimentalApi: opt-in to use it.",
      ]);
    }
    if (route.write && runtime.current.readOnly) {
      throw new ApiError(403, [
        "The emulator is read-only: this call would change the site.",
      ]);
    }
    const body = parseBody(request);
    const answer = route.handle({
      state: runtime.site,
      params: decodeParams(match.params),
      query: new URLSearchParams(request.query),
      body,
      dialect: runtime.current.dialect,
      settings: runtime.current,
      base: `http://${header(request, "host") ?? "localhost"}${request.pathname
        .split("/")
        .slice(0, target.api === "servicedesk" ? 6 : 7)
        .join("/")}`,
    });
    if (route.write && runtime.persister) await runtime.persister.flush();
    return answer;
  } catch (error) {
    if (error instanceof ApiError) {
      return {
        status: error.status,
        problem: error.problem,
        headers: error.headers,
      };
    }
    throw error;
  }
}
