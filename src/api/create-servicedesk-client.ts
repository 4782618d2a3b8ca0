import { clientTransport, type ClientOptions } from "./create-client.js";
import { ApiError, ApiRequestError, ResponseShapeError } from "./errors.js";
import { segment } from "./request-path.js";
import type { ResponseShapes } from "./response-schemas.js";
import type {
  SdOrganization,
  SdUser,
  ServiceDeskClient,
} from "./servicedesk-types.js";
import type { RequestSpec } from "./transport.js";

/** The page size asked for (the documented default; a site may clamp it lower). */
const PAGE_LIMIT = 50;
/** The most account ids one users call takes (undocumented: api/CSM-API.md says batch ≤ 50). */
const MAX_ACCOUNT_IDS = 50;
/** The most pages one list reads (100,000 values at 50 a page): a bound on a faulty server. */
const MAX_PAGES = 2000;

/**
 * A service desk API client on the one HTTP policy (`createTransport`): the same credentials,
 * retries, redaction, recording and answer cap as the CSM client, and a rate-limit gate of its
 * own unless `options.gate` names one (a Jira 429 must not pause CSM calls). `baseUrl` is the
 * service desk API root (see `serviceDeskBaseUrl`); `experimentalHeader` is not used (no
 * call here is experimental).
 */
export function createServiceDeskClient(
  options: ClientOptions,
): ServiceDeskClient {
  const { baseUrl, t } = clientTransport(options);
  const call = (
    method: RequestSpec["method"],
    path: string,
    body?: unknown,
  ): RequestSpec => ({
    method,
    path,
    experimental: false,
    safety: "idempotent",
    ...(body === undefined ? {} : { body }),
  });

  /**
   * Every page of a list: `start` advances by `size` until `isLastPage`. A page that moves
   * nothing on, says it starts elsewhere or repeats a value already read (a server that
   * ignores `start`) is refused, as is a list of more than `MAX_PAGES` pages.
   */
  async function readAll<T>(
    path: string,
    shape: "SdOrganizationPage" | "SdUserPage",
    signal: AbortSignal | undefined,
    onePage?: number,
  ): Promise<T[]> {
    const limit = onePage ?? PAGE_LIMIT;
    const values: T[] = [];
    const seen = new Set<string>();
    for (let start = 0, pages = 1; ; pages++) {
      const spec = {
        ...call("GET", path),
        searchParams: { start, limit },
      };
      const page = await t.json(spec, shape, signal);
      const size = page.size ?? page.values.length;
      const first = page.values[0] as { id?: unknown; accountId?: unknown };
      const key = String(first?.id ?? first?.accountId);
      const refuse = (pointer: string, expected: string): never => {
        throw new ResponseShapeError({
          call: `GET ${path}?start=${start}&limit=${limit}`,
          pointer,
          expected,
          definition: shape,
        });
      };
      if (page.start !== undefined && page.start !== start)
        refuse("/start", `the start asked for (${start})`);
      if (first !== undefined && seen.has(key))
        refuse("/values/0", `a value not on an earlier page (${key} was)`);
      values.push(...(page.values as T[]));
      if (page.isLastPage || onePage !== undefined) return values;
      // A page that is not the last but moves nothing on would be asked for again for ever.
      if (size < 1)
        refuse("/size", "a page that is the last (isLastPage) or holds values");
      if (pages >= MAX_PAGES)
        refuse("/isLastPage", `the last page within ${MAX_PAGES} pages`);
      if (first !== undefined) seen.add(key);
      start += size;
    }
  }

  /** Users calls take at most 50 ids; none is no call at all. */
  async function users(
    method: "POST" | "DELETE",
    organizationId: string,
    accountIds: readonly string[],
    signal: AbortSignal | undefined,
  ): Promise<void> {
    if (accountIds.length === 0) return;
    const path = `organization/${segment(organizationId)}/user`;
    if (accountIds.length > MAX_ACCOUNT_IDS)
      throw new ApiRequestError(
        `${method} ${path} takes at most ${MAX_ACCOUNT_IDS} account ids, not ${accountIds.length}`,
        { hint: "split the change into batches of at most 50" },
      );
    await t.text(call(method, path, { accountIds }), signal);
  }

  /** `{"organizationId": 1}`: the API wants a JSON number. */
  async function link(
    method: "POST" | "DELETE",
    serviceDesk: string,
    organizationId: string,
    signal: AbortSignal | undefined,
  ): Promise<void> {
    const path = `servicedesk/${segment(serviceDesk)}/organization`;
    if (!/^\d{1,15}$/.test(organizationId))
      throw new ApiRequestError(
        `${method} ${path} needs a numeric organization id, not ${JSON.stringify(organizationId)}`,
      );
    const body = { organizationId: Number(organizationId) };
    await t.text(call(method, path, body), signal);
  }

  return {
    baseUrl,
    async listOrganizations(o) {
      const all = await readAll<Wire>(
        "organization",
        "SdOrganizationPage",
        o?.signal,
        o?.onePage,
      );
      return all.map(organization);
    },
    async getOrganization(organizationId, o) {
      const spec = call("GET", `organization/${segment(organizationId)}`);
      try {
        return organization(await t.json(spec, "SdOrganization", o?.signal));
      } catch (error) {
        if (error instanceof ApiError && error.status === 404) return undefined;
        throw error;
      }
    },
    async listOrganizationUsers(organizationId, o) {
      const path = `organization/${segment(organizationId)}/user`;
      const all = await readAll<Record<string, unknown>>(
        path,
        "SdUserPage",
        o?.signal,
      );
      return all.map(user);
    },
    addOrganizationUsers: (id, accountIds, o) =>
      users("POST", id, accountIds, o?.signal),
    removeOrganizationUsers: (id, accountIds, o) =>
      users("DELETE", id, accountIds, o?.signal),
    async listServiceDeskOrganizations(serviceDesk, o) {
      const path = `servicedesk/${segment(serviceDesk)}/organization`;
      const all = await readAll<Wire>(path, "SdOrganizationPage", o?.signal);
      return all.map(organization);
    },
    addServiceDeskOrganization: (serviceDesk, id, o) =>
      link("POST", serviceDesk, id, o?.signal),
    removeServiceDeskOrganization: (serviceDesk, id, o) =>
      link("DELETE", serviceDesk, id, o?.signal),
  };
}

type Wire = ResponseShapes["SdOrganization"];

/** The wire organization as orgsync reads it: the id as text (a JSON number as its digits). */
function organization(wire: Wire): SdOrganization {
  return {
    id: String(wire.id),
    name: wire.name,
    ...(typeof wire.scimManaged === "boolean"
      ? { scimManaged: wire.scimManaged }
      : {}),
  };
}

/** A member: the account id, and the optional facts when they have their type. */
function user(wire: Record<string, unknown>): SdUser {
  const { accountId, displayName, emailAddress, active } = wire;
  return {
    accountId: String(accountId),
    ...(typeof displayName === "string" ? { displayName } : {}),
    ...(typeof emailAddress === "string" ? { emailAddress } : {}),
    ...(typeof active === "boolean" ? { active } : {}),
  };
}
