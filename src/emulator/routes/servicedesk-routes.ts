import { ApiError, invalidProperty } from "../api-error.js";
import {
  bodyObject,
  nonBlankString,
  stringArray,
  own,
  typeName,
} from "../body-checks.js";
import type { OrganizationRecord } from "../emulator-state.js";
import type { Route, RouteContext } from "../route.js";
import { page, renderSdOrganization, renderUser } from "../servicedesk-page.js";

/** The longest organization name the service desk API takes. */
const MAX_NAME = 200;

/** 403 unless the caller is an agent (every call but the organization list, which is empty). */
function agentOnly({ settings }: RouteContext): void {
  if (!settings.serviceDeskAgent) {
    throw new ApiError(403, [
      "You are not an agent of any service desk: this call needs the Service Desk Agent role.",
    ]);
  }
}

const byNumericId = (a: OrganizationRecord, b: OrganizationRecord): number =>
  Number(a.id) - Number(b.id) || (a.id < b.id ? -1 : 1);

/** `{"accountIds": [...]}`, every id a non-blank string. */
function accountIds(body: unknown): string[] {
  return stringArray(bodyObject(body), "accountIds", {
    required: true,
    nonBlank: true,
  })!;
}

/**
 * `{"organizationId": 1}`: a JSON number as documented; the lenient dialect also takes a
 * string of digits. 404 when there is no such organization.
 */
function linkedOrganization(context: RouteContext): OrganizationRecord {
  const value = own(bodyObject(context.body), "organizationId");
  const lenientText =
    context.dialect === "lenient" &&
    typeof value === "string" &&
    /^\d{1,15}$/.test(value);
  if (!(Number.isSafeInteger(value) || lenientText)) {
    throw invalidProperty(
      "organizationId",
      `must be a whole number (a JSON number, not a string), found ${typeName(value)}`,
    );
  }
  return context.state.requireOrganization(String(value));
}

function membersChange(add: boolean): Route {
  return {
    method: add ? "POST" : "DELETE",
    pattern: ["organization", ":", "user"],
    experimental: false,
    write: true,
    handle: (context) => {
      agentOnly(context);
      context.state.changeMembers(
        context.params[0]!,
        accountIds(context.body),
        add,
      );
      return { status: 204 };
    },
  };
}

function linkChange(add: boolean): Route {
  return {
    method: add ? "POST" : "DELETE",
    pattern: ["servicedesk", ":", "organization"],
    experimental: false,
    write: true,
    handle: (context) => {
      agentOnly(context);
      const desk = context.state.requireServiceDesk(context.params[0]!);
      const { id } = linkedOrganization(context);
      if (add) desk.organizations.add(id);
      else desk.organizations.delete(id);
      return { status: 204 };
    },
  };
}

/**
 * The service desk API (`/ex/jira/{cloudId}/rest/servicedeskapi/`), on the same state as the
 * CSM API: organizations, their users (checked against the customer directory) and the
 * organizations of each service desk. Nothing here is experimental.
 */
export const SERVICE_DESK_ROUTES: readonly Route[] = [
  {
    method: "GET",
    pattern: ["organization"],
    experimental: false,
    write: false,
    handle: (context) => {
      // A caller who is not an agent sees only their own organizations: none here.
      const all = context.settings.serviceDeskAgent
        ? [...context.state.organizations.values()].sort(byNumericId)
        : [];
      return page(context, "organization", all, (organization) =>
        renderSdOrganization(context.base, organization),
      );
    },
  },
  {
    method: "POST",
    pattern: ["organization"],
    experimental: false,
    write: true,
    handle: (context) => {
      agentOnly(context);
      const { state, base, dialect } = context;
      const name = nonBlankString(bodyObject(context.body), "name");
      if (name.trim().length > MAX_NAME) {
        throw invalidProperty("name", `must be at most ${MAX_NAME} characters`);
      }
      // A taken name answers the organization that has it (no duplicate, no error).
      const existing = state.organizationByName(name);
      const organization = existing ?? state.createOrganization(name);
      return {
        status: existing && dialect === "lenient" ? 200 : 201,
        body: renderSdOrganization(base, organization),
      };
    },
  },
  {
    method: "GET",
    pattern: ["organization", ":"],
    experimental: false,
    write: false,
    handle: (context) => {
      agentOnly(context);
      const organization = context.state.requireOrganization(
        context.params[0]!,
      );
      return {
        status: 200,
        body: renderSdOrganization(context.base, organization),
      };
    },
  },
  {
    method: "DELETE",
    pattern: ["organization", ":"],
    experimental: false,
    write: true,
    handle: (context) => {
      agentOnly(context);
      context.state.deleteOrganization(context.params[0]!);
      return { status: 204 };
    },
  },
  {
    method: "GET",
    pattern: ["organization", ":", "user"],
    experimental: false,
    write: false,
    handle: (context) => {
      agentOnly(context);
      const { state, params } = context;
      const members = [...state.requireOrganization(params[0]!).customers].sort(
        (a, b) => (a < b ? -1 : a > b ? 1 : 0),
      );
      return page(
        context,
        `organization/${params[0]!}/user`,
        members,
        (accountId) =>
          renderUser(state.accounts.get(accountId) ?? { accountId }),
      );
    },
  },
  membersChange(true),
  membersChange(false),
  {
    method: "GET",
    pattern: ["servicedesk", ":", "organization"],
    experimental: false,
    write: false,
    handle: (context) => {
      agentOnly(context);
      const { state, params, base } = context;
      const desk = state.requireServiceDesk(params[0]!);
      const linked = [...desk.organizations]
        .map((id) => state.requireOrganization(id))
        .sort(byNumericId);
      return page(
        context,
        `servicedesk/${params[0]!}/organization`,
        linked,
        (organization) => renderSdOrganization(base, organization),
      );
    },
  },
  linkChange(true),
  linkChange(false),
];
