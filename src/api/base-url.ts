import { UsageError } from "../util/errors.js";
import {
  ApiError,
  NetworkError,
  ResponseTooLargeError,
  SiteLookupError,
} from "./errors.js";
import { createTransport } from "./http-policy.js";

/** The ways a user can name the site. The first one given wins, in this order. */
export interface SiteTarget {
  /** The whole API root (the emulator, a proxy): ORGSYNC_BASE_URL / --base-url. */
  readonly baseUrl?: string;
  /** The site's cloud id: ORGSYNC_CLOUD_ID / --cloud-id. */
  readonly cloudId?: string;
  /** `acme`, `acme.atlassian.net` or `https://acme.atlassian.net/`: --site. */
  readonly site?: string;
}

/** How to look up a site's cloud id; injectable for tests. */
export interface ResolveOptions {
  /**
   * Fetches `url` (no credentials) and returns the parsed JSON. @default a GET on the
   * client's HTTP policy, with 10 s timeouts and three attempts
   */
  readonly fetchTenantInfo?: (url: string) => Promise<unknown>;
  /**
   * Send the tenant-info lookup to this origin instead of `https://SITE` (tests point it at
   * the emulator, which serves `/_edge/tenant_info` too).
   */
  readonly tenantInfoOrigin?: string;
}

const ATLASSIAN_API = "https://api.atlassian.com/jsm/csm/cloudid/";
const CLOUD_ID = /^[A-Za-z0-9][A-Za-z0-9-]{0,127}$/;
const HOST =
  /^(?=.{1,253}$)[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)*$/;
const TARGET_HINT =
  "give --base-url / ORGSYNC_BASE_URL, --cloud-id / ORGSYNC_CLOUD_ID, or --site NAME.atlassian.net";

/**
 * The API root every call is relative to, ending in `/`. An explicit base URL wins; else a
 * cloud id; else the site's cloud id, looked up (unauthenticated) at
 * `https://SITE/_edge/tenant_info`.
 */
export async function resolveBaseUrl(
  target: SiteTarget,
  options: ResolveOptions = {},
): Promise<string> {
  if (target.baseUrl !== undefined && target.baseUrl.trim() !== "")
    return checkBaseUrl(target.baseUrl);
  if (target.cloudId !== undefined && target.cloudId.trim() !== "")
    return cloudIdBaseUrl(target.cloudId);
  if (target.site !== undefined && target.site.trim() !== "") {
    const host = siteHost(target.site);
    const origin = options.tenantInfoOrigin ?? `https://${host}`;
    const url = new URL("/_edge/tenant_info", origin).href;
    const fetchTenantInfo = options.fetchTenantInfo ?? defaultFetchTenantInfo;
    let info: unknown;
    try {
      info = await fetchTenantInfo(url);
    } catch (error) {
      throw new SiteLookupError(host, describe(error));
    }
    const cloudId =
      typeof info === "object" && info !== null && "cloudId" in info
        ? info.cloudId
        : undefined;
    if (typeof cloudId !== "string" || !CLOUD_ID.test(cloudId))
      throw new SiteLookupError(host, `${url} did not answer {"cloudId": "…"}`);
    return cloudIdBaseUrl(cloudId);
  }
  throw new UsageError("no site to connect to was given", {
    hint: TARGET_HINT,
  });
}

/** `https://api.atlassian.com/jsm/csm/cloudid/{cloudId}/api/v1/`. */
function cloudIdBaseUrl(cloudId: string): string {
  const id = cloudId.trim();
  if (!CLOUD_ID.test(id))
    throw new UsageError(
      `the cloud id ${JSON.stringify(id.slice(0, 80))} is not a cloud id (letters, digits and dashes, like a UUID)`,
      { hint: TARGET_HINT },
    );
  return `${ATLASSIAN_API}${id}/api/v1/`;
}

/**
 * An explicit base URL, checked: http(s), no credentials in it (they would be logged and
 * saved in plan files), no query or fragment. Returned with a trailing `/`.
 */
export function checkBaseUrl(baseUrl: string): string {
  let url: URL;
  try {
    url = new URL(baseUrl.trim());
  } catch {
    // Not echoed: a malformed URL may still hold a password.
    throw new UsageError("the base URL is not a valid URL", {
      hint: "give the API root, e.g. http://127.0.0.1:4010/api/v1/",
    });
  }
  if (url.username !== "" || url.password !== "")
    throw new UsageError(
      "the base URL carries credentials (user:password@); refusing to use it",
      {
        hint: "remove them from the URL and give them through ORGSYNC_TOKEN, or ORGSYNC_EMAIL and ORGSYNC_API_TOKEN",
      },
    );
  if (url.protocol !== "https:" && url.protocol !== "http:")
    throw new UsageError(
      `the base URL must be http(s), not ${url.protocol.replace(/:$/, "")}`,
      { hint: "give the API root, e.g. http://127.0.0.1:4010/api/v1/" },
    );
  if (url.search !== "" || url.hash !== "")
    throw new UsageError(
      "the base URL must not have a query or fragment (?… #…)",
      { hint: "give the API root, e.g. http://127.0.0.1:4010/api/v1/" },
    );
  if (!url.pathname.endsWith("/")) url.pathname = `${url.pathname}/`;
  return url.href;
}

/** How the service desk API root is found (`serviceDeskBaseUrl`). */
export interface ServiceDeskTarget {
  /** `--servicedesk-base-url` / `ORGSYNC_SERVICEDESK_BASE_URL`: wins when given. */
  readonly override?: string | undefined;
  /** The CSM API root in use (from `resolveBaseUrl`). */
  readonly csmBaseUrl: string;
  /** The credentials' scheme: Basic with `--site` goes to the site itself. */
  readonly auth: "basic" | "bearer";
  /** `--site`, when it is what chose the CSM site (not `--base-url` or `--cloud-id`). */
  readonly site?: string | undefined;
}

/** Where the service desk API is to be configured, for every error that needs it. */
export const SERVICEDESK_OVERRIDE =
  "--servicedesk-base-url / ORGSYNC_SERVICEDESK_BASE_URL";

const CSM_ROOT = /\/jsm\/csm\/cloudid\/([^/]+)\/api\/v1\/$/;
const SD_ROOT = /\/ex\/jira\/([^/]+)\/rest\/servicedeskapi\/$/;

/**
 * The service desk API root (api/CSM-API.md, last section), ending in `/`, or undefined when
 * none can be derived: the override; else, for Basic auth and `--site X`,
 * `https://X.atlassian.net/rest/servicedeskapi/` (classic API tokens work there only); else,
 * for a CSM root `{origin}/jsm/csm/cloudid/{cloudId}/api/v1/` (which is what a cloud id, a
 * looked-up site and the emulator give), `{origin}/ex/jira/{cloudId}/rest/servicedeskapi/`.
 */
export function serviceDeskBaseUrl(
  target: ServiceDeskTarget,
): string | undefined {
  const csmCloudId = CSM_ROOT.exec(new URL(target.csmBaseUrl).pathname)?.[1];
  if (target.override !== undefined && target.override.trim() !== "") {
    let root: string;
    try {
      root = checkBaseUrl(target.override);
    } catch (error) {
      throw new UsageError(
        `${SERVICEDESK_OVERRIDE}: ${(error as Error).message}`,
        {
          cause: error,
          hint: "give the service desk API root, e.g. https://SITE.atlassian.net/rest/servicedeskapi/",
        },
      );
    }
    // Both roots name a site by cloud id: another site's would get the credentials.
    const cloudId = SD_ROOT.exec(new URL(root).pathname)?.[1];
    if (
      cloudId !== undefined &&
      csmCloudId !== undefined &&
      cloudId !== csmCloudId
    )
      throw new UsageError(
        `${SERVICEDESK_OVERRIDE} names cloud id ${cloudId}, but the CSM API root ${target.csmBaseUrl} names ${csmCloudId}`,
        { hint: "give the service desk API root of the same site" },
      );
    return root;
  }
  if (target.auth === "basic" && target.site !== undefined)
    return `https://${siteHost(target.site)}/rest/servicedeskapi/`;
  if (csmCloudId === undefined) return undefined;
  const url = new URL(target.csmBaseUrl);
  url.pathname = `${url.pathname.replace(CSM_ROOT, "")}/ex/jira/${csmCloudId}/rest/servicedeskapi/`;
  return url.href;
}

/** `acme` → `acme.atlassian.net`; `https://acme.atlassian.net/` → `acme.atlassian.net`. */
export function siteHost(site: string): string {
  let text = site.trim().toLowerCase();
  if (/^[a-z][a-z0-9+.-]*:\/\//.test(text)) {
    let url: URL;
    try {
      url = new URL(text);
    } catch {
      throw badSite();
    }
    if (
      url.protocol !== "https:" ||
      url.username !== "" ||
      url.password !== "" ||
      url.port !== "" ||
      (url.pathname !== "/" && url.pathname !== "") ||
      url.search !== "" ||
      url.hash !== ""
    )
      throw badSite();
    text = url.hostname;
  }
  text = text.replace(/\.$/, "");
  if (!HOST.test(text)) throw badSite();
  return text.includes(".") ? text : `${text}.atlassian.net`;
}

function badSite(): UsageError {
  return new UsageError(
    "the site must be a host name such as acme.atlassian.net (or just acme)",
    { hint: TARGET_HINT },
  );
}

/**
 * The lookup on the one HTTP policy: no credentials, 10 s timeouts, three attempts, and an
 * answer of at most 64 KiB (`{"cloudId": …}` is tiny; the site is not yet trusted).
 */
async function defaultFetchTenantInfo(url: string): Promise<unknown> {
  const { origin, pathname } = new URL(url);
  const transport = createTransport(
    `${origin}/`,
    {
      timeouts: { connectMs: 10_000, responseMs: 10_000 },
      retry: { maxAttempts: 3 },
      maxResponseBytes: 64 * 1024,
    },
    (text) => text,
  );
  const path = pathname.slice(1);
  const text = await transport.text(
    { method: "GET", path, experimental: false, safety: "idempotent" },
    undefined,
  );
  return JSON.parse(text) as unknown;
}

function describe(error: unknown): string {
  if (error instanceof ApiError) return `answered ${error.status}`;
  if (error instanceof NetworkError) return error.kind;
  if (error instanceof ResponseTooLargeError)
    return `answer over ${error.limit} bytes`;
  return error instanceof SyntaxError ? "not JSON" : "no answer";
}
