import { checkBaseUrl } from "./base-url.js";
import { Credentials, type CredentialsInput } from "./credentials.js";
import { ApiRequestError } from "./errors.js";
import { createTransport, type HttpOptions } from "./http-policy.js";
import { segment } from "./request-path.js";
import { createRedactor } from "./redact.js";
import type { RequestSpec, Transport } from "./transport.js";
import type { CallOptions, CsmClient } from "./types.js";

/** Options of `createClient`: where, as whom, and how requests are sent (`HttpOptions`). */
export interface ClientOptions extends HttpOptions {
  /** The API root (see `resolveBaseUrl`); must be http(s) and carry no credentials. */
  readonly baseUrl: string;
  readonly auth: Credentials | CredentialsInput;
  /**
   * Send `X-ExperimentalApi: opt-in` on the calls marked experimental. False only to probe
   * whether a site still needs it (`orgsync doctor`). @default true
   */
  readonly experimentalHeader?: boolean;
}

/**
 * A CSM client on the one HTTP policy (`createTransport`). Every answer is checked against
 * the response schema before it is returned.
 */
export function createClient(options: ClientOptions): CsmClient {
  const { baseUrl, t } = clientTransport(options);
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
      await t.text(
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
      await t.text(idempotent("DELETE", `organization/${segment(id)}`), sig(o));
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
      await t.text(idempotent("DELETE", `entitlement/${segment(id)}`), sig(o));
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

/** A client's transport: on its checked API root, with its credentials and their redaction. */
export function clientTransport(options: ClientOptions): {
  baseUrl: string;
  t: Transport;
} {
  const baseUrl = checkBaseUrl(options.baseUrl);
  const credentials = Credentials.from(options.auth);
  const t = createTransport(
    baseUrl,
    options,
    createRedactor(credentials.secrets()),
    credentials.authorizationHeader(),
  );
  return { baseUrl, t };
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
