import got from "got";

import { checkBaseUrl } from "./base-url.js";
import { Credentials, type CredentialsInput } from "./credentials.js";
import { ApiRequestError } from "./errors.js";
import { segment } from "./request-path.js";
import { defaultSleep } from "./sleep.js";
import { RateLimitGate } from "./rate-limit-gate.js";
import { recordingHooks, type ExchangeRecorder } from "./record-exchange.js";
import { createRedactor } from "./redact.js";
import {
  Transport,
  type RequestSpec,
  type RetrySettings,
} from "./transport.js";
import type { CallOptions, CsmClient } from "./types.js";
import { defaultUserAgent } from "./user-agent.js";

/** Options of `createClient`. */
export interface ClientOptions {
  /** The API root (see `resolveBaseUrl`); must be http(s) and carry no credentials. */
  readonly baseUrl: string;
  readonly auth: Credentials | CredentialsInput;
  readonly timeouts?: {
    /** To open a connection (DNS, TCP, TLS). @default 10000 */
    readonly connectMs?: number;
    /** From the request being sent to its answer, and again to read the body. @default 30000 */
    readonly responseMs?: number;
  };
  readonly retry?: Partial<RetrySettings>;
  /**
   * The most bytes of one answer read (decompressed); a larger answer fails its call with
   * `E_API_TOO_LARGE`. @default 33554432 (32 MiB: a page of 50 profiles is well under 1 MiB)
   */
  readonly maxResponseBytes?: number;
  /** The gate's starting (and largest) number of requests in flight. @default 8 */
  readonly concurrency?: number;
  /** Receives debug lines (requests, retries, the rate-limit gate), already redacted. */
  readonly logger?: (line: string) => void;
  /** @default "orgsync/VERSION (node VERSION)" */
  readonly userAgent?: string;
  /** [0, 1) for backoff jitter. @default Math.random */
  readonly random?: () => number;
  /** Epoch ms. @default Date.now */
  readonly now?: () => number;
  /** Waits `ms`; rejects with the signal's reason when aborted. @default a timer */
  readonly sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  /**
   * Receives every HTTP exchange (each attempt), with the Authorization, Cookie and
   * Set-Cookie headers removed and the credentials redacted from everything else. Bodies
   * hold customer data. What `--record FILE` writes.
   */
  readonly onExchange?: ExchangeRecorder;
  /**
   * Send `X-ExperimentalApi: opt-in` on the calls marked experimental. False only to probe
   * whether a site still needs it (`orgsync doctor`). @default true
   */
  readonly experimentalHeader?: boolean;
}

/** The defaults, named so the docs and tests can cite them. */
export const CLIENT_DEFAULTS = {
  connectMs: 10_000,
  responseMs: 30_000,
  concurrency: 8,
  maxResponseBytes: 32 * 1024 * 1024,
  retry: {
    maxAttempts: 6,
    maxTotalWaitMs: 120_000,
    baseDelayMs: 500,
    maxDelayMs: 30_000,
  },
} as const;

/**
 * A CSM client on got. got's own retry is off: the client's loop decides, from the pure
 * `retryDelay` policy and the shared `RateLimitGate`. Every answer is checked against the
 * response schema before it is returned.
 */
export function createClient(options: ClientOptions): CsmClient {
  const baseUrl = checkBaseUrl(options.baseUrl);
  const credentials = Credentials.from(options.auth);
  const redact = createRedactor(credentials.secrets());
  const logger = options.logger;
  const log = (line: string): void => logger?.(redact(line));
  const now = options.now ?? Date.now;
  const connectMs = options.timeouts?.connectMs ?? CLIENT_DEFAULTS.connectMs;
  const responseMs = options.timeouts?.responseMs ?? CLIENT_DEFAULTS.responseMs;
  const http = got.extend({
    prefixUrl: baseUrl,
    headers: {
      "user-agent": options.userAgent ?? defaultUserAgent(),
      accept: "application/json",
      authorization: credentials.authorizationHeader(),
    },
    responseType: "text",
    throwHttpErrors: false,
    retry: { limit: 0 },
    // A redirect could carry the Authorization header to another host; the API never
    // redirects, so a 3xx is reported as it is.
    followRedirect: false,
    ...(options.onExchange === undefined
      ? {}
      : { hooks: recordingHooks(options.onExchange, redact) }),
    timeout: {
      lookup: connectMs,
      connect: connectMs,
      secureConnect: connectMs,
      send: responseMs,
      response: responseMs,
      read: responseMs,
    },
  });
  const retry = {
    ...CLIENT_DEFAULTS.retry,
    ...definedOnly(options.retry ?? {}),
  };
  const gate = new RateLimitGate({
    maxConcurrency: options.concurrency ?? CLIENT_DEFAULTS.concurrency,
    maxPauseMs: retry.maxTotalWaitMs,
    now,
    sleep: (ms) => (options.sleep ?? defaultSleep)(ms),
    logger: log,
  });
  const t = new Transport({
    http,
    gate,
    retry,
    timeouts: { connectMs, responseMs },
    redact,
    maxResponseBytes:
      options.maxResponseBytes ?? CLIENT_DEFAULTS.maxResponseBytes,
    log,
    now,
    random: options.random ?? Math.random,
    sleep: options.sleep ?? defaultSleep,
  });
  const idempotent = (
    method: RequestSpec["method"],
    path: string,
    extra: Partial<RequestSpec> = {},
  ): RequestSpec => ({
    method,
    path,
    experimental: false,
    safety: "idempotent",
    ...extra,
  });
  const create = (
    path: string,
    body: unknown,
    extra: Partial<RequestSpec> = {},
  ): RequestSpec => ({
    method: "POST",
    path,
    body,
    experimental: false,
    safety: "create",
    ...extra,
  });
  const X = { experimental: options.experimentalHeader !== false };
  const sig = (o?: CallOptions): AbortSignal | undefined => o?.signal;

  return {
    baseUrl,
    async listDetailFields(o) {
      const list = await t.json(
        idempotent("GET", "organization/details"),
        "DetailFieldList",
        sig(o),
      );
      return list.results;
    },
    async createDetailField(field, o) {
      const body = { name: field.name, type: field.type };
      return t.json(
        create("organization/details", body, { subject: { name: field.name } }),
        "DetailField",
        sig(o),
      );
    },
    async editDetailField(fieldName, edit, o) {
      const body = {
        name: edit.name,
        ...(edit.options === undefined ? {} : { options: edit.options }),
      };
      return t.json(
        idempotent("PUT", `organization/details/${segment(fieldName)}`, {
          body,
        }),
        "DetailField",
        sig(o),
      );
    },
    async deleteDetailField(fieldName, o) {
      return t.empty(
        idempotent("DELETE", `organization/details/${segment(fieldName)}`),
        sig(o),
      );
    },
    async createOrganization(name, o) {
      return t.json(
        create("organization", { name }, { ...X, subject: { name } }),
        "OrganizationRef",
        sig(o),
      );
    },
    async getOrganization(id, o) {
      return t.json(
        idempotent("GET", `organization/${segment(id)}`),
        "Organization",
        sig(o),
      );
    },
    async renameOrganization(id, name, o) {
      return t.json(
        idempotent("PUT", `organization/${segment(id)}`, {
          ...X,
          body: { name },
        }),
        "OrganizationRef",
        sig(o),
      );
    },
    async setOrganizationDetail(id, fieldName, values, o) {
      const spec = idempotent("PUT", `organization/${segment(id)}/details`, {
        searchParams: { fieldName },
        body: { values },
      });
      return t.json(spec, "OrganizationDetail", sig(o));
    },
    async fetchOrganizations(query, o) {
      const body = fetchBody(query, 50, "organization/fetch");
      const list = await t.json(
        idempotent("POST", "organization/fetch", { ...X, body }),
        "OrganizationRefList",
        sig(o),
      );
      return list.organizations;
    },
    async deleteOrganization(id, o) {
      return t.empty(
        idempotent("DELETE", `organization/${segment(id)}`),
        sig(o),
      );
    },
    async getProfile(id, o) {
      return t.json(
        idempotent("GET", `organization/profile/${segment(id)}`, X),
        "Profile",
        sig(o),
      );
    },
    async createProfile(body, o) {
      return t.json(
        create("organization/profile", body, {
          ...X,
          subject: { name: body.name },
        }),
        "Profile",
        sig(o),
      );
    },
    async fetchProfiles(query, o) {
      const body = fetchBody(query, 25, "organization/profile/fetch");
      const list = await t.json(
        idempotent("POST", "organization/profile/fetch", { ...X, body }),
        "ProfileList",
        sig(o),
      );
      return list.profiles;
    },
    async listEntitlements(id, o) {
      return t.json(
        idempotent("GET", `organization/${segment(id)}/entitlement`),
        "EntitlementList",
        sig(o),
      );
    },
    async createEntitlement(id, productId, o) {
      const spec = create(
        `organization/${segment(id)}/entitlement`,
        { productId },
        { subject: { productId } },
      );
      return t.json(spec, "Entitlement", sig(o));
    },
    async deleteEntitlement(id, o) {
      return t.empty(
        idempotent("DELETE", `entitlement/${segment(id)}`),
        sig(o),
      );
    },
    async listProducts(page = {}, o) {
      const searchParams: Record<string, string | number> = {};
      if (page.limit !== undefined) searchParams.limit = page.limit;
      if (page.cursor !== undefined) searchParams.cursor = page.cursor;
      return t.json(
        idempotent("GET", "product", { searchParams }),
        "ProductPage",
        sig(o),
      );
    },
    async createProduct(product, o) {
      return t.json(
        create(
          "product",
          { name: product.name },
          { subject: { name: product.name } },
        ),
        "Product",
        sig(o),
      );
    },
  };
}

function fetchBody(
  query: {
    organizationIds?: readonly string[];
    organizationNames?: readonly string[];
  },
  max: number,
  path: string,
): {
  organizationIds: readonly string[];
  organizationNames: readonly string[];
} {
  const organizationIds = query.organizationIds ?? [];
  const organizationNames = query.organizationNames ?? [];
  if (organizationIds.length + organizationNames.length > max)
    throw new ApiRequestError(
      `POST ${path} takes at most ${max} ids and names in all, not ${organizationIds.length + organizationNames.length}`,
      { hint: "split the lookup into batches (readOrganizations does)" },
    );
  return { organizationIds, organizationNames };
}

function definedOnly<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(
    Object.entries(value).filter(([, v]) => v !== undefined),
  ) as Partial<T>;
}
