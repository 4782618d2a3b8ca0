import fc from "fast-check";
import { describe, expect, it } from "vitest";

import {
  lookupFieldType,
  nameKey,
  sameValues,
  type Desired,
  type Live,
  type LiveDetail,
  type LiveOrganization,
} from "../../src/model/index.js";
import {
  parseSavedPlan,
  plan,
  renderJson,
  renderMarkdown,
  renderText,
} from "../../src/plan/index.js";
import { scenario } from "./arbitraries.js";
import { OPTIONS, PRODUCTS } from "./builders.js";
import { applyPlan, randomPick } from "./reference-interpreter.js";

const keyed = <T>(items: readonly T[], name: (item: T) => string) =>
  new Map(items.map((item) => [nameKey(name(item)), item]));

/**
 * What a live detail value of a field the manifests do not manage on that organization
 * should be after apply, from the manifests alone: it moves with a renamed field, loses
 * options a field no longer has, and is gone with a field that is replaced or pruned.
 */
function expectedUnmanaged(
  desired: Desired,
  before: Live,
  detail: LiveDetail,
): { name: string; values: readonly string[] } | undefined {
  if (!desired.fields.declared) return detail;
  const key = nameKey(detail.name);
  const liveKeys = new Set(before.fields.map((f) => nameKey(f.name)));
  const owner =
    desired.fields.items.find((f) => nameKey(f.name) === key) ??
    desired.fields.items.find(
      (f) =>
        !liveKeys.has(nameKey(f.name)) &&
        f.previousNames.some((p) => nameKey(p) === key),
    );
  if (!owner) return desired.fields.prune ? undefined : detail;
  const liveField = before.fields.find((f) => nameKey(f.name) === key);
  if (!liveField || liveField.type !== owner.type) return undefined;
  const values = owner.options
    ? detail.values.filter((v) => owner.options?.includes(v))
    : detail.values;
  return values.length > 0 ? { name: owner.name, values } : undefined;
}

function claimedBy(desired: Desired, organization: LiveOrganization) {
  const key = nameKey(organization.name);
  return desired.organizations.find(
    (o) =>
      nameKey(o.name) === key ||
      o.previousNames.some((p) => nameKey(p) === key),
  );
}

function productIds(references: readonly string[]): Set<string> {
  return new Set(
    references.map(
      (ref) =>
        PRODUCTS.find(
          (p) => p.id === ref.trim() || nameKey(p.name) === nameKey(ref),
        )?.id ?? ref.trim(),
    ),
  );
}

function typeOf(desired: Desired, before: Live, fieldName: string) {
  const key = nameKey(fieldName);
  const field =
    (desired.fields.declared
      ? desired.fields.items.find((f) => nameKey(f.name) === key)
      : undefined) ?? before.fields.find((f) => nameKey(f.name) === key);
  return lookupFieldType(field?.type ?? "TEXT");
}

function expectManagedEqual(desired: Desired, after: Live): void {
  const fields = keyed(after.fields, (f) => f.name);
  if (desired.fields.declared) {
    for (const field of desired.fields.items) {
      const live = fields.get(nameKey(field.name));
      expect(live, `field ${field.name}`).toBeDefined();
      expect(live?.type).toBe(field.type);
      if (lookupFieldType(field.type).hasOptions) {
        expect(live?.options).toEqual(field.options);
      }
    }
    if (desired.fields.prune) {
      expect([...fields.keys()].sort()).toEqual(
        desired.fields.items.map((f) => nameKey(f.name)).sort(),
      );
    }
  }
  const organizations = after.organizations;
  for (const wanted of desired.organizations) {
    const names = [wanted.name, ...wanted.previousNames].map(nameKey);
    const matching = organizations.filter((o) =>
      names.includes(nameKey(o.name)),
    );
    if (wanted.ensure === "absent") {
      expect(matching, `absent ${wanted.name}`).toEqual([]);
      continue;
    }
    expect(matching.map((o) => nameKey(o.name))).toEqual([
      nameKey(wanted.name),
    ]);
    const live = matching[0]!;
    const details = keyed(live.details, (d) => d.name);
    for (const detail of wanted.details) {
      const values = details.get(nameKey(detail.name))?.values ?? [];
      expect(
        sameValues(typeOf(desired, after, detail.name), values, detail.values),
        `${wanted.name}.${detail.name}: ${JSON.stringify(values)} vs ${JSON.stringify(detail.values)}`,
      ).toBe(true);
    }
    if (wanted.products) {
      const held = new Set(live.entitlements.map((e) => e.productId));
      const want = productIds(wanted.products.items);
      for (const id of want) expect(held).toContain(id);
      if (wanted.pruneProducts) expect(held).toEqual(want);
    }
    if (wanted.customers) {
      for (const id of wanted.customers.items)
        expect(live.customers).toContain(id);
      if (wanted.pruneCustomers)
        expect(new Set(live.customers)).toEqual(
          new Set(wanted.customers.items),
        );
    }
    if (wanted.serviceDesks) {
      const linked = (after.serviceDesks ?? [])
        .filter((desk) => desk.organizationIds.includes(live.id))
        .map((desk) => desk.ref);
      for (const ref of wanted.serviceDesks.items)
        expect(linked).toContain(ref);
      if (wanted.pruneServiceDesks)
        expect(new Set(linked)).toEqual(new Set(wanted.serviceDesks.items));
    }
  }
}

function expectUnmanagedUntouched(
  desired: Desired,
  before: Live,
  after: Live,
): void {
  if (!desired.fields.declared) {
    expect(after.fields).toEqual(before.fields);
  } else {
    for (const field of before.fields) {
      const key = nameKey(field.name);
      const owned = desired.fields.items.some(
        (f) =>
          nameKey(f.name) === key ||
          (!before.fields.some((l) => nameKey(l.name) === nameKey(f.name)) &&
            f.previousNames.some((p) => nameKey(p) === key)),
      );
      if (!owned && !desired.fields.prune) {
        expect(after.fields).toContainEqual(field);
      }
    }
  }
  const afterById = new Map(after.organizations.map((o) => [o.id, o]));
  for (const organization of before.organizations) {
    const claim = claimedBy(desired, organization);
    if (claim?.ensure === "absent") continue;
    const now = afterById.get(organization.id);
    expect(now, `organization ${organization.name} kept`).toBeDefined();
    if (!now) continue;
    const managed = new Set(claim?.details.map((d) => nameKey(d.name)) ?? []);
    const expected = organization.details
      .map((d) => ({ detail: d, next: expectedUnmanaged(desired, before, d) }))
      .filter(({ next }) => next && !managed.has(nameKey(next.name)));
    const nowDetails = keyed(now.details, (d) => d.name);
    for (const { detail, next } of expected) {
      const values = nowDetails.get(nameKey(next!.name))?.values ?? [];
      expect(
        sameValues(lookupFieldType(detail.type), values, next!.values),
        `${organization.name}.${detail.name} left alone`,
      ).toBe(true);
    }
    for (const d of now.details) {
      const wasManaged = managed.has(nameKey(d.name));
      const expectedHere = expected.some(
        ({ next }) => nameKey(next!.name) === nameKey(d.name),
      );
      expect(
        wasManaged || expectedHere,
        `${organization.name} gained ${d.name}`,
      ).toBe(true);
    }
    if (!claim) {
      expect(now.name).toBe(organization.name);
      expect(now.entitlements).toEqual(organization.entitlements);
    } else if (!claim.products || !claim.pruneProducts) {
      for (const e of organization.entitlements)
        expect(now.entitlements).toContainEqual(e);
    }
    if (!claim?.customers)
      expect(now.customers).toEqual(organization.customers);
    if (!claim?.serviceDesks) {
      const linked = (live: Live) =>
        (live.serviceDesks ?? [])
          .filter((desk) => desk.organizationIds.includes(organization.id))
          .map((desk) => desk.ref);
      expect(linked(after)).toEqual(linked(before));
    }
  }
}

describe("plan convergence (reference interpreter)", () => {
  it("applying a plan makes the site match the manifests on every managed key, leaves the rest alone, and planning again finds nothing", () => {
    fc.assert(
      fc.property(scenario, fc.integer(), ({ desired, live }, seed) => {
        const made = plan(desired, live, OPTIONS);
        // In plan order, and in a random order that respects only dependsOn (as a
        // concurrent applier may run it): both must end in the same place.
        for (const after of [
          applyPlan(live, made),
          applyPlan(live, made, randomPick(seed)),
        ]) {
          expectManagedEqual(desired, after);
          expectUnmanagedUntouched(desired, live, after);
          const again = plan(desired, after, OPTIONS);
          expect(again.changes).toEqual([]);
          expect(again.unsupported).toEqual([]);
        }
      }),
      { numRuns: 200 },
    );
  });

  it("every plan it makes survives the saved-plan round trip and renders", () => {
    fc.assert(
      fc.property(scenario, ({ desired, live }) => {
        const made = plan(desired, live, OPTIONS);
        expect(parseSavedPlan(renderJson(made), "plan.json")).toEqual(
          JSON.parse(JSON.stringify(made)),
        );
        expect(renderText(made, { color: true })).toContain(
          made.changes.length > 0 ? "Plan:" : "No changes",
        );
        for (const part of renderMarkdown(made, { maxPartChars: 3000 })) {
          expect(part.length).toBeLessThan(3000);
        }
      }),
      { numRuns: 100 },
    );
  });
});
