import { badRequest } from "./api-error.js";
import type { AccountRecord, OrganizationRecord } from "./emulator-state.js";
import type { RouteAnswer, RouteContext } from "./route.js";

/**
 * The answer shapes of the service desk API (CSM-API.md, last section): pages and the objects
 * they hold. Links are absolute, built from the root the caller reached (`context.base`).
 */

/** The documented default of `limit`; the emulator's maximum is `serviceDeskPageLimit`. */
const DEFAULT_LIMIT = 50;

function wholeNumber(query: URLSearchParams, key: string): number | undefined {
  const text = query.get(key);
  if (text === null || text === "") return undefined;
  if (!/^\d{1,9}$/.test(text)) {
    throw badRequest(
      `The query parameter ${key} must be a whole number of 0 or more, found "${text}".`,
    );
  }
  return Number(text);
}

/**
 * One page of `items` from `?start=&limit=`: `limit` defaults to 50 and is clamped to 1..the
 * page limit in force, so callers must advance `start` by `size`, not by `limit`.
 */
export function page<T>(
  context: RouteContext,
  path: string,
  items: readonly T[],
  render: (item: T) => object,
): RouteAnswer {
  const start = wholeNumber(context.query, "start") ?? 0;
  const asked = wholeNumber(context.query, "limit") ?? DEFAULT_LIMIT;
  const limit = Math.max(
    1,
    Math.min(asked, context.settings.serviceDeskPageLimit),
  );
  const values = items.slice(start, start + limit).map(render);
  const isLastPage = start + values.length >= items.length;
  const link = (from: number): string =>
    `${context.base}/${path}?start=${from}&limit=${limit}`;
  return {
    status: 200,
    body: {
      size: values.length,
      start,
      limit,
      isLastPage,
      values,
      _links: {
        base: context.base,
        context: "",
        ...(isLastPage ? {} : { next: link(start + values.length) }),
        ...(start > 0 ? { prev: link(Math.max(0, start - limit)) } : {}),
      },
    },
  };
}

/** Jira's date object, from an ISO date-time. */
function renderDate(iso: string): object {
  const date = new Date(iso);
  const jira = date.toISOString().replace("Z", "+0000");
  return {
    iso8601: jira.replace(/\.\d{3}/, ""),
    jira,
    friendly: date.toUTCString(),
    epochMillis: date.getTime(),
  };
}

/** An organization: `{id, name, _links}`, with `scimManaged`, `uuid` and `created` when known. */
export function renderSdOrganization(
  base: string,
  organization: OrganizationRecord,
): object {
  const { id, name, scimManaged, uuid, created } = organization;
  return {
    id,
    name,
    ...(scimManaged === undefined ? {} : { scimManaged }),
    ...(uuid === undefined ? {} : { uuid }),
    ...(created === undefined ? {} : { created: renderDate(created) }),
    _links: { self: `${base}/organization/${id}` },
  };
}

/** A member of an organization. */
export function renderUser(account: AccountRecord): object {
  return {
    accountId: account.accountId,
    displayName: account.displayName ?? account.accountId,
    ...(account.emailAddress === undefined
      ? {}
      : { emailAddress: account.emailAddress }),
    active: true,
  };
}
