import { OrgsyncError } from "../util/errors.js";
import { SERVICEDESK_OVERRIDE } from "./base-url.js";
import {
  ApiError,
  NetworkError,
  ResponseShapeError,
  ResponseTooLargeError,
} from "./errors.js";
import type {
  ServiceDeskAccess,
  ServiceDeskClient,
} from "./servicedesk-types.js";

/** What `createServiceDeskAccess` needs; nothing in it is called before a feature asks. */
export interface ServiceDeskAccessOptions {
  /** The service desk API root, or undefined when it could not be derived. */
  readonly baseUrl: string | undefined;
  /** The CSM API root, named when the service desk one cannot be derived from it. */
  readonly csmBaseUrl: string;
  /** Builds the client (once, on the first `client(feature)`). */
  readonly connect: (baseUrl: string) => ServiceDeskClient;
}

const PERMISSION =
  "the service desk API needs a Jira Service Management agent's account (a Jira administrator's to delete organizations)";

/**
 * The service desk API could not serve a feature that needs it: its root cannot be derived,
 * or a call was refused (401, 403) or found nothing there (a 404, a network failure or an
 * answer of another shape before any call had succeeded). Says which feature needed it, the
 * root used, the permission needed and how to set the root. The first error is the cause.
 */
export class ServiceDeskError extends OrgsyncError {
  /** What needed the service desk API (`--show-unmanaged`, `export --all`…). */
  readonly feature: string;
  /** The root used; undefined when none could be derived. */
  readonly baseUrl: string | undefined;
  /** The status of the refused call, when it was an answer. */
  readonly status: number | undefined;

  constructor(
    feature: string,
    baseUrl: string | undefined,
    problem: string,
    options: { cause?: unknown; hint: string; status?: number },
  ) {
    super(
      "E_SERVICEDESK",
      // No answer at all: the root is the likely fault, so it leads.
      options.cause instanceof NetworkError
        ? `the service desk API at ${baseUrl} ${problem}; ${feature} needs it`
        : `${feature} needs the service desk API, and ${problem}`,
      options,
    );
    this.feature = feature;
    this.baseUrl = baseUrl;
    this.status = options.status;
  }
}

/**
 * The lazy `ServiceDeskAccess`: the client is built on the first `client(feature)`, and its
 * calls' access failures are reported as `ServiceDeskError`s naming the feature. Other errors
 * (a 400 for an unknown account id, a 5xx after retries…) pass through unchanged.
 */
export function createServiceDeskAccess(
  options: ServiceDeskAccessOptions,
): ServiceDeskAccess {
  const { baseUrl } = options;
  let client: ServiceDeskClient | undefined;
  let confirmed = false;
  // One wrapper per feature: every change of an apply asks for its feature's client.
  const wrappers = new Map<string, ServiceDeskClient>();
  return {
    baseUrl,
    client(feature) {
      const known = wrappers.get(feature);
      if (known) return known;
      if (baseUrl === undefined)
        throw new ServiceDeskError(
          feature,
          undefined,
          `its root cannot be derived from the API root ${options.csmBaseUrl}`,
          {
            hint: `give it with ${SERVICEDESK_OVERRIDE}, e.g. https://SITE.atlassian.net/rest/servicedeskapi/; ${PERMISSION}`,
          },
        );
      const inner = (client ??= options.connect(baseUrl));
      const explain = (error: unknown): unknown => {
        const status = error instanceof ApiError ? error.status : undefined;
        const refused = status === 401 || status === 403;
        const nothingThere =
          !confirmed &&
          (status === 404 ||
            error instanceof NetworkError ||
            error instanceof ResponseShapeError ||
            error instanceof ResponseTooLargeError);
        if (!refused && !nothingThere) return error;
        return new ServiceDeskError(
          feature,
          baseUrl,
          error instanceof NetworkError
            ? `did not answer: ${error.message}`
            : `the call to ${baseUrl} failed: ${(error as Error).message}`,
          {
            cause: error,
            ...(status === undefined ? {} : { status }),
            hint: `${status === 401 ? "check the credentials (a classic API token works with Basic auth and --site only); " : ""}${PERMISSION}; if the root is wrong, give it with ${SERVICEDESK_OVERRIDE}`,
          },
        );
      };
      const wrapped: Record<string, unknown> = { baseUrl };
      for (const [name, method] of Object.entries(inner))
        if (typeof method === "function")
          wrapped[name] = async (...args: unknown[]): Promise<unknown> => {
            try {
              const result: unknown = await (
                method as (...a: unknown[]) => Promise<unknown>
              ).apply(inner, args);
              // An organization not found (a 404) may be a wrong root's answer too.
              if (result !== undefined || name !== "getOrganization")
                confirmed = true;
              return result;
            } catch (error) {
              throw explain(error);
            }
          };
      wrappers.set(feature, wrapped as unknown as ServiceDeskClient);
      return wrapped as unknown as ServiceDeskClient;
    },
  };
}
