import {
  checkFieldValues,
  lookupFieldType,
  nameKey,
  type Live,
  type LiveDetail,
  type LiveEntitlement,
  type LiveField,
  type LiveOrganization,
} from "../../src/model/index.js";
import type { Change, Plan } from "../../src/plan/index.js";

/**
 * Picks the next change among those whose prerequisites are applied. The default takes
 * them in plan order; a random pick stands in for a concurrent applier, which only
 * promises to respect `dependsOn`.
 */
export type PickNext = (ready: readonly Change[]) => Change;

/** A pick driven by a seed, reproducible for fast-check. */
export function randomPick(seed: number): PickNext {
  let state = seed >>> 0 || 1;
  return (ready) => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return ready[state % ready.length]!;
  };
}

/**
 * A tiny model of what the CSM API does with each call a plan's changes make (the JSDoc of
 * each change kind in src/plan/types.ts), applied to an in-memory Live. It is strict where
 * the API is: it fails on a change whose prerequisites were not applied first, on a name
 * that is taken, on a value the field cannot hold, on an object that is not there. Like
 * the API, it keeps MULTISELECT values in an order of its own, not the order sent.
 */
export function applyPlan(start: Live, plan: Plan, pickNext?: PickNext): Live {
  let fields: LiveField[] = start.fields.map((field) => ({ ...field }));
  let organizations: LiveOrganization[] = start.organizations.map((o) => ({
    ...o,
    details: o.details.map((detail) => ({ ...detail })),
    entitlements: [...o.entitlements],
    customers: [...o.customers],
  }));
  let desks = (start.serviceDesks ?? []).map((desk) => ({
    ...desk,
    organizationIds: [...desk.organizationIds],
  }));
  let ids = 0;
  const applied = new Set<string>();

  const fail = (change: Change, problem: string): never => {
    throw new Error(`${change.address} (${change.action}): ${problem}`);
  };
  const fieldNamed = (name: string) =>
    fields.find((field) => nameKey(field.name) === nameKey(name));
  const organizationById = (change: Change, id: string | undefined) =>
    organizations.find((o) => o.id === id) ??
    fail(change, `no organization ${id}`);
  const mapDetails = (map: (detail: LiveDetail) => LiveDetail | undefined) => {
    organizations = organizations.map((o) => ({
      ...o,
      details: o.details.flatMap((detail) => {
        const next = map(detail);
        return next && next.values.length > 0 ? [next] : [];
      }),
    }));
  };
  const checkValues = (
    change: Change,
    field: LiveField,
    values: readonly string[],
  ) => {
    const problems = checkFieldValues(
      lookupFieldType(field.type),
      field.options,
      values,
    );
    if (problems.length > 0) fail(change, problems.join("; "));
  };

  const createField = (
    change: Change,
    state: { name: string; type: string; options?: readonly string[] },
  ) => {
    if (fieldNamed(state.name))
      fail(change, `field name ${state.name} is taken`);
    fields.push(
      state.options
        ? { name: state.name, type: state.type, options: [...state.options] }
        : { name: state.name, type: state.type },
    );
  };
  const deleteField = (change: Change, name: string) => {
    const field = fieldNamed(name) ?? fail(change, `no field ${name}`);
    fields = fields.filter((f) => f !== field);
    mapDetails((detail) =>
      nameKey(detail.name) === nameKey(name) ? undefined : detail,
    );
  };

  const stored = (field: LiveField, values: readonly string[]) =>
    lookupFieldType(field.type).ordered
      ? [...values]
      : [...values].sort().reverse();

  const pending = [...plan.changes];
  while (pending.length > 0) {
    // In plan order the next change must already be ready; a pick chooses among the ready.
    const ready = pending.filter((change) =>
      change.dependsOn.every((address) => applied.has(address)),
    );
    const change = pickNext && ready.length > 0 ? pickNext(ready) : pending[0]!;
    pending.splice(pending.indexOf(change), 1);
    for (const address of change.dependsOn) {
      if (!applied.has(address))
        fail(change, `runs before its prerequisite ${address}`);
    }
    switch (change.resource) {
      case "field": {
        const { before, after } = change;
        if (change.action === "create" && after) createField(change, after);
        else if (change.action === "delete" && before)
          deleteField(change, before.name);
        else if (change.action === "replace" && before && after) {
          deleteField(change, before.name);
          createField(change, after);
        } else if (before && after) {
          // One PUT: a new name and/or options; the type cannot change this way.
          const field =
            fieldNamed(before.name) ?? fail(change, `no field ${before.name}`);
          if (field.type !== after.type)
            fail(change, "a PUT cannot change the type");
          const clash = fieldNamed(after.name);
          if (clash && clash !== field)
            fail(change, `field name ${after.name} is taken`);
          const options = after.options ?? field.options;
          const renamed: LiveField = options
            ? { name: after.name, type: field.type, options: [...options] }
            : { name: after.name, type: field.type };
          fields = fields.map((f) => (f === field ? renamed : f));
          // Values move with the field; values of removed options are dropped.
          mapDetails((detail) =>
            nameKey(detail.name) !== nameKey(before.name)
              ? detail
              : {
                  ...detail,
                  name: after.name,
                  values: options
                    ? detail.values.filter((v) => options.includes(v))
                    : detail.values,
                },
          );
        } else fail(change, "has no states");
        break;
      }
      case "organization": {
        if (change.action === "create" && change.after) {
          const state = change.after;
          if (
            organizations.some((o) => nameKey(o.name) === nameKey(state.name))
          ) {
            fail(change, `organization name ${state.name} is taken`);
          }
          const id = `new-${++ids}`;
          organizations.push({
            id,
            name: state.name,
            details: (state.details ?? []).map((detail) => {
              const field =
                fieldNamed(detail.name) ??
                fail(change, `no field ${detail.name}`);
              checkValues(change, field, detail.values);
              return {
                name: field.name,
                type: field.type,
                values: [...detail.values],
              };
            }),
            entitlements: (state.products ?? []).map((product) => ({
              id: `ent-${++ids}`,
              productId: product.id,
              productName: product.name,
            })),
            customers: [...(state.customers ?? [])],
          });
        } else if (change.action === "delete") {
          const target = organizationById(change, change.organizationId);
          organizations = organizations.filter((o) => o !== target);
        } else if (change.after) {
          const target = organizationById(change, change.organizationId);
          const name = change.after.name;
          if (
            organizations.some(
              (o) => o !== target && nameKey(o.name) === nameKey(name),
            )
          ) {
            fail(change, `organization name ${name} is taken`);
          }
          organizations = organizations.map((o) =>
            o === target ? { ...o, name } : o,
          );
        }
        break;
      }
      case "detail": {
        const target = organizationById(change, change.organizationId);
        const field =
          fieldNamed(change.fieldName) ??
          fail(change, `no field ${change.fieldName}`);
        const values = change.after?.values ?? [];
        checkValues(change, field, values);
        const others = target.details.filter(
          (d) => nameKey(d.name) !== nameKey(field.name),
        );
        const details =
          values.length > 0
            ? [
                ...others,
                {
                  name: field.name,
                  type: field.type,
                  values: stored(field, values),
                },
              ]
            : others;
        organizations = organizations.map((o) =>
          o === target ? { ...o, details } : o,
        );
        break;
      }
      case "entitlement": {
        const target = organizationById(change, change.organizationId);
        let entitlements: LiveEntitlement[];
        if (change.action === "create" && change.after) {
          const { productId, productName } = change.after;
          if (target.entitlements.some((e) => e.productId === productId))
            fail(change, "already entitled");
          entitlements = [
            ...target.entitlements,
            { id: `ent-${++ids}`, productId, productName },
          ];
        } else {
          const id = change.before?.entitlementId;
          if (!target.entitlements.some((e) => e.id === id))
            fail(change, `no entitlement ${id}`);
          entitlements = target.entitlements.filter((e) => e.id !== id);
        }
        organizations = organizations.map((o) =>
          o === target ? { ...o, entitlements } : o,
        );
        break;
      }
      case "customer": {
        const target = organizationById(change, change.organizationId);
        const id = (change.after ?? change.before)?.accountId ?? "";
        const held = target.customers.includes(id);
        if (held === (change.action === "create"))
          fail(change, held ? "already a customer" : "not a customer");
        const customers =
          change.action === "create"
            ? [...target.customers, id]
            : target.customers.filter((c) => c !== id);
        organizations = organizations.map((o) =>
          o === target ? { ...o, customers } : o,
        );
        break;
      }
      case "serviceDesk": {
        // A link of an organization this plan creates names it; the applier looks it up.
        const target =
          change.organizationId === undefined
            ? (organizations.find(
                (o) => nameKey(o.name) === nameKey(change.organizationName),
              ) ?? fail(change, `no organization ${change.organizationName}`))
            : organizationById(change, change.organizationId);
        const ref = (change.after ?? change.before)?.serviceDesk ?? "";
        const desk =
          desks.find((d) => d.ref === ref) ?? fail(change, `no desk ${ref}`);
        const linked = desk.organizationIds.includes(target.id);
        if (linked === (change.action === "create"))
          fail(change, linked ? "already linked" : "not linked");
        const organizationIds =
          change.action === "create"
            ? [...desk.organizationIds, target.id]
            : desk.organizationIds.filter((id) => id !== target.id);
        desks = desks.map((d) => (d === desk ? { ...d, organizationIds } : d));
        break;
      }
    }
    applied.add(change.address);
  }
  return {
    ...start,
    fields,
    organizations,
    ...(start.serviceDesks ? { serviceDesks: desks } : {}),
  };
}
