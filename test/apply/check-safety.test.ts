import { describe, expect, it } from "vitest";

import { ApplyRefusedError, checkSafety } from "../../src/apply/index.js";
import {
  detailSet,
  entitlementDelete,
  fieldCreate,
  fieldDelete,
  fieldRename,
  fieldReplace,
  orgDelete,
  planOf,
} from "./builders.js";

describe("checkSafety", () => {
  it("refuses a field edit that removes options even when its destructive flag was edited off", () => {
    const edit = {
      ...fieldRename("Level", "Tier", "SELECT", ["Gold"]),
      before: { name: "Level", type: "SELECT", options: ["Gold", "Silver"] },
      destructive: false,
    };
    const [refusal] = checkSafety(planOf([edit]));
    expect(refusal).toMatchObject({
      kind: "delete",
      flag: "--allow-delete",
      addresses: ['field["Tier"]'],
    });
    expect(checkSafety(planOf([edit]), { allowDelete: true })).toEqual([]);
    const adding = {
      ...edit,
      after: {
        name: "Tier",
        type: "SELECT",
        options: ["Gold", "Silver", "Bronze"],
      },
    };
    expect(checkSafety(planOf([adding]))).toEqual([]);
  });

  it("lets a plan without destructive changes through with no flags", () => {
    expect(
      checkSafety(planOf([fieldCreate("A"), detailSet("1", "X", "A", ["v"])])),
    ).toEqual([]);
  });

  it("refuses destructive deletes without --allow-delete, naming each one", () => {
    const plan = planOf([
      fieldCreate("A"),
      orgDelete("1", "Old Co"),
      entitlementDelete("2", "Acme", "e1", "p1", "Widget"),
    ]);
    const refusals = checkSafety(plan);
    expect(refusals).toEqual([
      {
        kind: "delete",
        flag: "--allow-delete",
        addresses: [
          'organization["Old Co"]',
          'organization["Acme"].product["Widget"]',
        ],
        message: "2 destructive changes need --allow-delete:",
      },
    ]);
    expect(checkSafety(plan, { allowDelete: true })).toEqual([]);
  });

  it("asks for --allow-replace, not --allow-delete, for a field replacement", () => {
    const plan = planOf([fieldReplace("Renewal", "TEXT", "DATE")]);
    expect(
      checkSafety(plan, { allowDelete: true }).map((r) => [
        r.kind,
        r.flag,
        r.addresses,
      ]),
    ).toEqual([["replace", "--allow-replace", ['field["Renewal"]']]]);
    expect(checkSafety(plan, { allowReplace: true })).toEqual([]);
  });

  it("refuses more deletes than --max-deletes unless --force", () => {
    const deletes = Array.from({ length: 11 }, (_, i) =>
      orgDelete(String(i), `Org ${i}`),
    );
    const plan = planOf(deletes);
    expect(checkSafety(plan, { allowDelete: true }).map((r) => r.kind)).toEqual(
      ["max-deletes"],
    );
    expect(checkSafety(plan, { allowDelete: true, force: true })).toEqual([]);
    expect(checkSafety(plan, { allowDelete: true, maxDeletes: 11 })).toEqual(
      [],
    );
    expect(
      checkSafety(planOf(deletes.slice(0, 10)), { allowDelete: true }),
    ).toEqual([]);
    expect(
      checkSafety(planOf([fieldDelete("A")]), {
        allowDelete: true,
        maxDeletes: 0,
      }),
    ).toHaveLength(1);
  });

  it("gathers every refusal into one error that names the changes and the flags", () => {
    const error = new ApplyRefusedError(
      checkSafety(
        planOf([
          fieldDelete("Legacy"),
          fieldReplace("Renewal", "TEXT", "DATE"),
        ]),
      ),
    );
    expect(error.code).toBe("E_APPLY_REFUSED");
    expect(error.message).toContain('  - field["Legacy"]');
    expect(error.message).toContain('  - field["Renewal"]');
    expect(error.hint).toContain("--allow-delete and --allow-replace");
  });
});
