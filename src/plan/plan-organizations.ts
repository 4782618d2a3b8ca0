import { organizationAddress } from "../model/address.js";
import type { DesiredOrganization } from "../model/desired.js";
import { organizationDigest } from "../model/digest.js";
import type { Live, LiveOrganization } from "../model/live.js";
import { formatLocation, type SourceLocation } from "../model/source.js";
import { createKeyCache } from "./key-cache.js";
import { matchOrganizations } from "./match-organizations.js";
import {
  planDetailChanges,
  planEntitlementChanges,
  type ResolvedDetail,
} from "./plan-organization-parts.js";
import { planEntitlementDetails } from "./plan-entitlement-details.js";
import { fieldPrerequisite, type FieldPlan } from "./plan-fields.js";
import { planCustomerChanges, planServiceDeskChanges } from "./plan-members.js";
import type { PlanInputProblem } from "./plan-input-error.js";
import { createProductResolver } from "./resolve-products.js";
import type {
  Change,
  OrganizationChange,
  ProductRef,
  Unsupported,
} from "./types.js";

const quote = (text: string): string => JSON.stringify(text);

/**
 * Plans the organizations the manifests name: creates, renames, deletes, and for existing
 * ones the changes of their managed details, products and customers; the service desk links
 * of both (a new organization's after its create).
 */
export function planOrganizations(
  desired: readonly DesiredOrganization[],
  live: Live,
  fields: FieldPlan,
  entitlementFields?: FieldPlan,
): {
  changes: Change[];
  unsupported: Unsupported[];
  problems: PlanInputProblem[];
} {
  const { matches, problems } = matchOrganizations(desired, live.organizations);
  const resolveProduct = createProductResolver(live.products);
  const keyOf = createKeyCache();
  const changes: Change[] = [];
  const unsupported: Unsupported[] = [];

  const scim = new Set([
    ...(live.listed ?? []).flatMap((o) => (o.scimManaged ? [o.id] : [])),
    ...(live.scimManaged ?? []),
  ]);
  for (const {
    desired: organization,
    live: current,
    renamed,
    byId,
  } of matches) {
    if (organization.ensure === "absent") {
      if (current) {
        changes.push(
          deleteChange(organization.name, current, organization.source),
        );
      }
      continue;
    }
    const details = resolveDetails(organization, fields, problems, keyOf);
    const products = resolveProducts(organization, resolveProduct, problems);
    if (!current) {
      const created = createChange(organization, details, products);
      changes.push(created);
      changes.push(
        ...planEntitlementDetails(
          {
            organization,
            createAddress: created.address,
            created: [],
            liveDigest: () => created.liveDigest,
          },
          entitlementFields,
          resolveProduct,
          problems,
        ),
        ...planServiceDeskChanges(
          organization,
          undefined,
          live.serviceDesks,
          {
            dependsOn: [created.address],
            liveDigest: () => created.liveDigest,
          },
          problems,
        ),
      );
      continue;
    }
    let digest: string | undefined;
    const context = {
      organization,
      live: current,
      liveDigest: () => (digest ??= organizationDigest(current)),
      renameAddress: renamed
        ? organizationAddress(organization.name)
        : undefined,
      keyOf,
    };
    if (renamed && scim.has(current.id)) {
      unsupported.push({
        address: organizationAddress(organization.name),
        reason: `SCIM manages this organization (named ${quote(current.name)} on the site): orgsync never renames it`,
        source: organization.source,
      });
      continue;
    }
    if (renamed) {
      changes.push({
        address: organizationAddress(organization.name),
        resource: "organization",
        action: "rename",
        destructive: false,
        organizationId: current.id,
        before: { name: current.name },
        after: { name: organization.name },
        liveDigest: context.liveDigest(),
        dependsOn: [],
        source: organization.source,
        ...(byId
          ? {
              note: `renamed on the site from ${quote(organization.name)} to ${quote(current.name)}`,
            }
          : {}),
      });
    }
    changes.push(...planDetailChanges(context, details));
    const entitlements = products
      ? planEntitlementChanges(context, products)
      : [];
    changes.push(...entitlements);
    changes.push(
      ...planEntitlementDetails(
        {
          organization,
          live: current,
          created: entitlements,
          liveDigest: context.liveDigest,
        },
        entitlementFields,
        resolveProduct,
        problems,
      ),
    );
    changes.push(
      ...planCustomerChanges(context),
      ...planServiceDeskChanges(
        organization,
        current,
        live.serviceDesks,
        {
          dependsOn: context.renameAddress ? [context.renameAddress] : [],
          liveDigest: context.liveDigest,
        },
        problems,
      ),
    );
  }
  return { changes, unsupported, problems };
}

function resolveDetails(
  organization: DesiredOrganization,
  fields: FieldPlan,
  problems: PlanInputProblem[],
  keyOf: (name: string) => string,
): ResolvedDetail[] {
  const resolved: ResolvedDetail[] = [];
  const seen = new Map<string, ResolvedDetail>();
  for (const detail of organization.details) {
    const field = fields.bind(detail.name);
    if ("problem" in field) {
      problems.push({ source: detail.source, message: field.problem });
      continue;
    }
    const key = keyOf(field.name);
    const first = seen.get(key);
    if (first) {
      problems.push({
        source: detail.source,
        message: `detail ${quote(detail.name)} of organization ${quote(organization.name)} sets field ${quote(field.name)} a second time (first at ${formatLocation(first.detail.source)}); expected each field once`,
      });
      continue;
    }
    const entry = { detail, field };
    seen.set(key, entry);
    resolved.push(entry);
  }
  return resolved;
}

function resolveProducts(
  organization: DesiredOrganization,
  resolve: ReturnType<typeof createProductResolver>,
  problems: PlanInputProblem[],
): ProductRef[] | undefined {
  if (!organization.products) return undefined;
  const byId = new Map<string, ProductRef>();
  const { items, itemSources, source } = organization.products;
  for (const [index, reference] of items.entries()) {
    const product = resolve(reference);
    if ("problem" in product) {
      problems.push({
        source: itemSources?.[index] ?? source,
        message: `${product.problem} (organization ${quote(organization.name)})`,
        found: reference,
        ...(product.expected === undefined
          ? {}
          : { expected: product.expected }),
        ...(product.suggestion === undefined
          ? {}
          : { suggestion: product.suggestion }),
      });
    } else if (!byId.has(product.id)) {
      byId.set(product.id, product);
    }
  }
  return [...byId.values()];
}

function createChange(
  organization: DesiredOrganization,
  details: readonly ResolvedDetail[],
  products: readonly ProductRef[] | undefined,
): OrganizationChange {
  const sent = details.filter(({ detail }) => detail.values.length > 0);
  const dependsOn = new Set<string>();
  for (const { detail, field } of sent) {
    const prerequisite = fieldPrerequisite(field, detail.values);
    if (prerequisite) dependsOn.add(prerequisite);
  }
  return {
    address: organizationAddress(organization.name),
    resource: "organization",
    action: "create",
    destructive: false,
    before: null,
    after: {
      name: organization.name,
      details: sent.map(({ detail, field }) => ({
        name: field.name,
        values: detail.values,
      })),
      products: products ?? [],
      customers: organization.customers?.items ?? [],
    },
    liveDigest: organizationDigest(undefined),
    dependsOn: [...dependsOn].sort(),
    source: organization.source,
  };
}

/** The delete of a live organization, under the name it is planned as. */
export function deleteChange(
  name: string,
  live: LiveOrganization,
  source: SourceLocation | undefined,
): OrganizationChange {
  const held = live.details.filter((detail) => detail.values.length > 0);
  const count = (n: number, what: string) =>
    `${n} ${what}${n === 1 ? "" : "s"}`;
  return {
    address: organizationAddress(name),
    resource: "organization",
    action: "delete",
    destructive: true,
    organizationId: live.id,
    before: {
      name: live.name,
      details: held.map(({ name, values }) => ({ name, values })),
      products: live.entitlements.map(({ productId, productName }) => ({
        id: productId,
        name: productName,
      })),
      customers: live.customers,
    },
    after: null,
    liveDigest: organizationDigest(live),
    dependsOn: [],
    ...(source ? { source } : {}),
    note: `deletes ${quote(live.name)} with its ${count(held.length, "detail value")}, ${count(live.entitlements.length, "entitlement")} and ${count(live.customers.length, "customer association")}`,
  };
}
