import { customerAddress, serviceDeskAddress } from "../model/address.js";
import type { DesiredOrganization } from "../model/desired.js";
import type { Live, LiveOrganization } from "../model/live.js";
import type { ExistingOrganization } from "./plan-organization-parts.js";
import type { PlanInputProblem } from "./plan-input-error.js";
import type { CustomerChange, ServiceDeskChange } from "./types.js";

const quote = (text: string): string => JSON.stringify(text);

/**
 * The customers of an existing organization to add (listed, not held) and, with
 * `pruneCustomers: true` only, to remove (held, not listed). Account ids are opaque: they
 * compare exactly. Read from the profile the plan already has: no request of its own.
 */
export function planCustomerChanges(
  context: ExistingOrganization,
): CustomerChange[] {
  const { organization, live } = context;
  const wanted = organization.customers;
  if (!wanted) return [];
  const common = {
    resource: "customer" as const,
    organizationId: live.id,
    organizationName: organization.name,
    dependsOn: context.renameAddress ? [context.renameAddress] : [],
  };
  const held = new Set(live.customers);
  const changes: CustomerChange[] = [];
  wanted.items.forEach((accountId, index) => {
    if (held.has(accountId)) return;
    changes.push({
      ...common,
      address: customerAddress(organization.name, accountId),
      action: "create",
      destructive: false,
      before: null,
      after: { accountId },
      liveDigest: context.liveDigest(),
      source: wanted.itemSources?.[index] ?? wanted.source,
    });
  });
  if (organization.pruneCustomers !== true) return changes;
  const listed = new Set(wanted.items);
  for (const accountId of held) {
    if (listed.has(accountId)) continue;
    changes.push({
      ...common,
      address: customerAddress(organization.name, accountId),
      action: "delete",
      destructive: true,
      before: { accountId },
      after: null,
      liveDigest: context.liveDigest(),
      source: wanted.source,
      note: `removes ${quote(accountId)} from ${quote(organization.name)} (the customer account itself is kept)`,
    });
  }
  return changes;
}

/** How the links of one organization hang on the rest of the plan. */
export interface LinkContext {
  /** The organization's create or rename in this plan, which its links wait for. */
  readonly dependsOn: readonly string[];
  /** Called only when there is a change. */
  readonly liveDigest: () => string;
}

/**
 * The service desk links of one organization: a link to add for each service desk it lists
 * and is not linked to (all of them when `live` is undefined: the plan creates it), and, with
 * `pruneServiceDesks: true` only, a link to remove from each other service desk the manifests
 * name (only those are read; keys and ids compare as written). A listed service desk the site
 * does not have is a problem at the line that names it.
 */
export function planServiceDeskChanges(
  organization: DesiredOrganization,
  live: LiveOrganization | undefined,
  serviceDesks: Live["serviceDesks"],
  context: LinkContext,
  problems: PlanInputProblem[],
): ServiceDeskChange[] {
  const wanted = organization.serviceDesks;
  if (!wanted) return [];
  const desks = deskIndex(serviceDesks);
  const common = {
    resource: "serviceDesk" as const,
    ...(live ? { organizationId: live.id } : {}),
    organizationName: organization.name,
    dependsOn: [...context.dependsOn],
  };
  const changes: ServiceDeskChange[] = [];
  wanted.items.forEach((ref, index) => {
    const source = wanted.itemSources?.[index] ?? wanted.source;
    const desk = desks.get(ref);
    if (!desk?.found) {
      problems.push({
        source,
        message: `service desk ${quote(ref)} ${desk ? "is not on the site" : "was not read"} (organization ${quote(organization.name)})`,
        found: ref,
        expected: "the key or id of a service desk on the site",
      });
      return;
    }
    if (live && desk.linked.has(live.id)) return;
    changes.push({
      ...common,
      address: serviceDeskAddress(organization.name, ref),
      action: "create",
      destructive: false,
      before: null,
      after: { serviceDesk: ref },
      liveDigest: context.liveDigest(),
      source,
    });
  });
  if (organization.pruneServiceDesks !== true || !live) return changes;
  const listed = new Set(wanted.items);
  for (const desk of desks.values()) {
    if (listed.has(desk.ref) || !desk.linked.has(live.id)) {
      continue;
    }
    changes.push({
      ...common,
      address: serviceDeskAddress(organization.name, desk.ref),
      action: "delete",
      destructive: true,
      before: { serviceDesk: desk.ref },
      after: null,
      liveDigest: context.liveDigest(),
      source: wanted.source,
      note: `revokes the access of ${quote(organization.name)} to service desk ${quote(desk.ref)}`,
    });
  }
  return changes;
}

type IndexedDesk = NonNullable<Live["serviceDesks"]>[number] & {
  readonly linked: ReadonlySet<string>;
};
const deskIndexes = new WeakMap<object, Map<string, IndexedDesk>>();

/**
 * The service desks by reference, each with its organizations as a set: built once per live
 * state (every organization of a plan asks), so a desk linked to N organizations costs N, not
 * N² over the plan.
 */
function deskIndex(
  serviceDesks: Live["serviceDesks"],
): Map<string, IndexedDesk> {
  if (!serviceDesks) return new Map();
  let index = deskIndexes.get(serviceDesks);
  if (!index) {
    index = new Map(
      serviceDesks.map((desk) => [
        desk.ref,
        { ...desk, linked: new Set(desk.organizationIds) },
      ]),
    );
    deskIndexes.set(serviceDesks, index);
  }
  return index;
}
