import type { ApiCreateProfileBody, ApiDetailField } from "../api/types.js";
import type {
  Change,
  CustomerChange,
  DetailChange,
  EntitlementChange,
  EntitlementDetailChange,
  FieldChange,
  FieldState,
  OrganizationChange,
  ServiceDeskChange,
} from "../plan/types.js";
import { InvalidPlanError } from "./errors.js";
import type { ApiCall } from "./types.js";

/**
 * The API writes that make one change, as data (see the JSDoc of each change kind in
 * `src/plan/types.ts`). Exactly one call per change, except a field replace: DELETE then POST.
 * Throws `InvalidPlanError` for a change that carries too little to be made.
 */
export function callsForChange(change: Change): ApiCall[] {
  switch (change.resource) {
    case "field":
      return fieldCalls(change);
    case "organization":
      return organizationCalls(change);
    case "detail":
      return [detailCall(change)];
    case "entitlement":
      return [entitlementCall(change)];
    case "customer":
    case "serviceDesk":
      return [memberCall(change)];
    case "entitlementDetail":
      return [entitlementDetailCall(change)];
    default:
      return invalid(
        (change as { address: string }).address,
        `has an unknown resource ${JSON.stringify((change as { resource: unknown }).resource)}`,
      );
  }
}

/** `POST organization/details/...` style text for one call, for logs and documentation. */
export function describeCall(call: ApiCall): string {
  const seg = encodeURIComponent;
  switch (call.kind) {
    case "createDetailField":
      return `POST ${call.entity ?? "organization"}/details`;
    case "editDetailField":
      return `PUT ${call.entity ?? "organization"}/details/${seg(call.fieldName)}`;
    case "deleteDetailField":
      return `DELETE ${call.entity ?? "organization"}/details/${seg(call.fieldName)}`;
    case "createProfile":
      return "POST organization/profile";
    case "renameOrganization":
      return `PUT organization/${seg(call.organizationId)}`;
    case "deleteOrganization":
      return `DELETE organization/${seg(call.organizationId)}`;
    case "setOrganizationDetail":
      return `PUT organization/${seg(call.organizationId)}/details?fieldName=${seg(call.fieldName)}`;
    case "createEntitlement":
      return `POST organization/${seg(call.organizationId)}/entitlement`;
    case "deleteEntitlement":
      return `DELETE entitlement/${seg(call.entitlementId)}`;
    case "addCustomers":
    case "removeCustomers":
      return `${call.kind === "addCustomers" ? "POST" : "DELETE"} organization/${seg(call.organizationId)}/user (service desk API)`;
    case "linkServiceDesk":
    case "unlinkServiceDesk":
      return `${call.kind === "linkServiceDesk" ? "POST" : "DELETE"} servicedesk/${seg(call.serviceDesk)}/organization (service desk API)`;
    case "setEntitlementDetail":
      return `PUT entitlement/${seg(call.entitlementId ?? "{learned}")}/details?fieldName=${seg(call.fieldName)}`;
  }
}

function invalid(address: string, problem: string): never {
  throw new InvalidPlanError(address, problem);
}

function need<T>(
  value: T | null | undefined,
  address: string,
  what: string,
): T {
  if (value === null || value === undefined || value === "") {
    return invalid(address, `has no ${what}`);
  }
  return value;
}

function fieldDefinition(state: FieldState): ApiDetailField {
  return {
    name: state.name,
    type:
      state.options === undefined
        ? { name: state.type }
        : { name: state.type, options: state.options },
  };
}

function fieldCalls(change: FieldChange): ApiCall[] {
  const { address } = change;
  const entity = change.entity === undefined ? {} : { entity: change.entity };
  switch (change.action) {
    case "create":
      return [
        {
          kind: "createDetailField",
          field: fieldDefinition(need(change.after, address, "`after` state")),
          ...entity,
        },
      ];
    case "update":
    case "rename": {
      const before = need(change.before, address, "`before` state");
      const after = need(change.after, address, "`after` state");
      return [
        {
          kind: "editDetailField",
          fieldName: before.name,
          ...entity,
          edit:
            after.options === undefined
              ? { name: after.name }
              : { name: after.name, options: after.options },
        },
      ];
    }
    case "delete":
      return [
        {
          kind: "deleteDetailField",
          fieldName: need(change.before, address, "`before` state").name,
          ...entity,
        },
      ];
    case "replace": {
      const before = need(change.before, address, "`before` state");
      const after = need(change.after, address, "`after` state");
      return [
        { kind: "deleteDetailField", fieldName: before.name, ...entity },
        { kind: "createDetailField", field: fieldDefinition(after), ...entity },
      ];
    }
  }
}

function organizationCalls(change: OrganizationChange): ApiCall[] {
  const { address } = change;
  switch (change.action) {
    case "create": {
      const after = need(change.after, address, "`after` state");
      const productIds = (after.products ?? []).map((product) => product.id);
      const customerIds = after.customers ?? [];
      const body: ApiCreateProfileBody = {
        name: after.name,
        details: (after.details ?? []).map(({ name, values }) => ({
          name,
          values,
        })),
        ...(customerIds.length > 0
          ? { associateCustomers: { customerIds } }
          : {}),
        ...(productIds.length > 0 ? { associateProducts: { productIds } } : {}),
      };
      return [{ kind: "createProfile", body }];
    }
    case "rename":
    case "update":
      return [
        {
          kind: "renameOrganization",
          organizationId: need(
            change.organizationId,
            address,
            "organizationId",
          ),
          name: need(change.after, address, "`after` state").name,
        },
      ];
    case "delete":
      return [
        {
          kind: "deleteOrganization",
          organizationId: need(
            change.organizationId,
            address,
            "organizationId",
          ),
        },
      ];
    case "replace":
      return invalid(
        address,
        "is an organization replace, which the CSM API cannot make",
      );
  }
}

function detailCall(change: DetailChange): ApiCall {
  const { address } = change;
  if (change.action === "rename" || change.action === "replace") {
    return invalid(
      address,
      `is a detail ${change.action}, which is not a detail change`,
    );
  }
  return {
    kind: "setOrganizationDetail",
    organizationId: need(change.organizationId, address, "organizationId"),
    fieldName: need(change.fieldName, address, "fieldName"),
    // A delete of a detail value is a PUT of no values.
    values:
      change.action === "delete"
        ? []
        : need(change.after, address, "`after` state").values,
  };
}

function entitlementCall(change: EntitlementChange): ApiCall {
  const { address } = change;
  switch (change.action) {
    case "create":
      return {
        kind: "createEntitlement",
        organizationId: need(change.organizationId, address, "organizationId"),
        productId: need(change.after, address, "`after` state").productId,
      };
    case "delete":
      return {
        kind: "deleteEntitlement",
        entitlementId: need(
          change.before?.entitlementId,
          address,
          "live entitlement id (`before.entitlementId`)",
        ),
      };
    default:
      return invalid(
        address,
        `is an entitlement ${change.action}; entitlements are only created or deleted`,
      );
  }
}

/** A customer (one id; `buildSteps` batches them) or a service desk link, added or removed. */
function memberCall(change: CustomerChange | ServiceDeskChange): ApiCall {
  const { address, action } = change;
  if (action !== "create" && action !== "delete") {
    return invalid(
      address,
      `is a ${change.resource} ${action}; they are only created or deleted`,
    );
  }
  const state = need(change.after ?? change.before, address, "state");
  if (change.resource === "customer") {
    return {
      kind: action === "create" ? "addCustomers" : "removeCustomers",
      organizationId: need(change.organizationId, address, "organizationId"),
      accountIds: [
        need((state as { accountId?: string }).accountId, address, "accountId"),
      ],
    };
  }
  return {
    kind: action === "create" ? "linkServiceDesk" : "unlinkServiceDesk",
    serviceDesk: need(
      (state as { serviceDesk?: string }).serviceDesk,
      address,
      "serviceDesk",
    ),
    // Only a link to add may wait for its organization's create to learn the id.
    ...(change.organizationId === undefined && action === "create"
      ? {}
      : {
          organizationId: need(
            change.organizationId,
            address,
            "organizationId",
          ),
        }),
    organizationName: need(
      change.organizationName,
      address,
      "organizationName",
    ),
  };
}

function entitlementDetailCall(change: EntitlementDetailChange): ApiCall {
  const { address } = change;
  if (change.action !== "update") {
    return invalid(
      address,
      `is an entitlement detail ${change.action}; entitlement details are only updated`,
    );
  }
  return {
    kind: "setEntitlementDetail",
    ...(change.entitlementId ? { entitlementId: change.entitlementId } : {}),
    ...(change.organizationId ? { organizationId: change.organizationId } : {}),
    organizationName: need(
      change.organizationName,
      address,
      "organizationName",
    ),
    productId: need(change.productId, address, "productId"),
    productName: need(change.productName, address, "productName"),
    fieldName: need(change.fieldName, address, "fieldName"),
    values: need(change.after, address, "`after` state").values,
  };
}
