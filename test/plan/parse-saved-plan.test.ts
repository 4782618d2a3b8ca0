import fc from "fast-check";
import { describe, expect, it } from "vitest";

import { OrgsyncError } from "../../src/util/errors.js";
import {
  PlanFileError,
  parseSavedPlan,
  plan,
  renderJson,
} from "../../src/plan/index.js";
import { OPTIONS, desired, live } from "./builders.js";
import { showcasePlan } from "./showcase.js";

function planFileError(text: string): PlanFileError {
  try {
    parseSavedPlan(text, "saved.json");
  } catch (error) {
    if (error instanceof PlanFileError) return error;
    throw error;
  }
  throw new Error("expected a PlanFileError");
}

/** A saved plan as plain JSON, loose enough to break on purpose. */
interface Raw {
  formatVersion: unknown;
  target: Record<string, unknown>;
  changes: Record<string, unknown>[];
  unsupported: unknown[];
  summary: Record<string, unknown>;
}

/** The saved showcase plan with one edit made to its parsed JSON. */
function edited(edit: (value: Raw) => void): string {
  const value = JSON.parse(renderJson(showcasePlan())) as Raw;
  edit(value);
  return JSON.stringify(value, null, 2);
}

describe("parseSavedPlan", () => {
  it("reads a plan as renderJson wrote it, with or without a byte-order mark", () => {
    const original = showcasePlan();
    expect(parseSavedPlan(renderJson(original), "plan.json")).toEqual(original);
    expect(
      parseSavedPlan(`\uFEFF${renderJson(original)}`, "plan.json"),
    ).toEqual(original);
    const empty = plan(desired(), live(), OPTIONS);
    expect(parseSavedPlan(renderJson(empty), "plan.json").changes).toEqual([]);
  });

  it("reports broken JSON at file:line:col", () => {
    const error = planFileError('{\n  "formatVersion": 1,\n  "changes": [}\n');
    expect(error).toBeInstanceOf(OrgsyncError);
    expect(error.code).toBe("E_PLAN_INVALID");
    expect(error.message).toBe(
      "saved.json: is not valid JSON\n  saved.json:3:15: unexpected token '}'",
    );
    expect(error.hint).toContain("make the plan again");
  });

  it("refuses another format version with a clear message", () => {
    const error = planFileError(edited((v) => (v.formatVersion = 3)));
    expect(error.message).toContain(
      "saved.json: is a plan in format version 3; this orgsync reads format versions 1 and 2",
    );
    expect(error.message).toContain(
      "saved.json:2:20: /formatVersion: expected formatVersion 1 or 2",
    );
    expect(error.hint).toContain("orgsync plan --out FILE");
    expect(planFileError("{}").message).toContain("it has no formatVersion");
    expect(planFileError("[1]").message).toContain(
      "is not a saved orgsync plan",
    );
  });

  it("locates every schema problem by pointer and line", () => {
    const error = planFileError(
      edited((v) => {
        v.changes[0]!.action = "explode";
        v.changes[1]!.surprise = true;
        delete v.target.baseUrl;
      }),
    );
    expect(error.message).toMatch(
      /^saved\.json: does not have the shape of a saved plan/,
    );
    expect(error.issues).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          pointer: "/target",
          message: 'missing key "baseUrl" in "target"',
        }),
        expect.objectContaining({
          pointer: "/changes/0/action",
          message:
            '"action" must be one of create, update, rename, delete or replace, found text "explode"',
          line: expect.any(Number),
        }),
        expect.objectContaining({
          pointer: "/changes/1/surprise",
          message: 'unknown key "surprise" in item 2 of "changes"',
          line: expect.any(Number),
        }),
      ]),
    );
    expect(error.message).toMatch(
      /saved\.json:\d+:\d+: \/changes\/0\/action: "action" must be one of/,
    );
  });

  it("refuses a delete or replace that is not marked destructive, so --allow-delete cannot be dodged", () => {
    const text = edited((v) => {
      const index = v.changes.findIndex((c) => c.action === "delete");
      v.changes[index]!.destructive = false;
    });
    const error = planFileError(text);
    expect(error.issues).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          pointer: expect.stringMatching(/^\/changes\/\d+\/destructive$/),
          message: '"destructive" must be true, found false',
        }),
      ]),
    );
  });

  it("refuses an inconsistent plan: dependency out of order, duplicate address, wrong summary", () => {
    const error = planFileError(
      edited((v) => {
        v.changes.push(structuredClone(v.changes[0]!));
        v.changes[0]!.dependsOn = ['organization["Nowhere"]'];
        v.summary.update = 42;
      }),
    );
    expect(error.message).toMatch(/^saved\.json: is not consistent/);
    expect(error.issues.map((i) => i.message)).toEqual([
      'depends on "organization[\\"Nowhere\\"]", which is not an earlier change of this plan',
      '"field[\\"Region\\"]" appears twice; expected each address once',
      "says 42, but the plan has 4 update changes",
    ]);
  });

  it("turns any text at all into a plan or E_PLAN_INVALID, never another error", () => {
    const valid = renderJson(showcasePlan());
    const mutated = fc
      .tuple(
        fc.nat({ max: valid.length }),
        fc.nat({ max: 20 }),
        fc.string({ unit: "binary", maxLength: 8 }),
      )
      .map(
        ([at, cut, insert]) =>
          valid.slice(0, at) + insert + valid.slice(at + cut),
      );
    const jsonMutated = fc.jsonValue({ maxDepth: 4 }).chain((junk) =>
      fc
        .constantFrom<(v: Raw) => void>(
          (v) => (v.changes[0] = junk as Record<string, unknown>),
          (v) => (v.changes[0]!.before = junk),
          (v) => (v.summary = junk as Record<string, unknown>),
          (v) => (v.changes[1]!.dependsOn = junk),
          (v) => (v.unsupported[0] = junk),
          // An own "__proto__" key, as a hostile file would have it.
          (v) =>
            Object.defineProperty(v.changes[0], "__proto__", {
              value: junk,
              enumerable: true,
            }),
          (v) => (v.target = junk as Record<string, unknown>),
        )
        .map((edit) => {
          const value = JSON.parse(valid) as Raw;
          edit(value);
          return JSON.stringify(value);
        }),
    );
    fc.assert(
      fc.property(
        fc.oneof(
          fc.string({ unit: "binary" }),
          fc.json(),
          mutated,
          jsonMutated,
          fc.constant("[".repeat(100_000)),
        ),
        (text) => {
          try {
            const result = parseSavedPlan(text, "fuzz.json");
            expect(result.formatVersion).toBe(1);
          } catch (error) {
            expect(error).toBeInstanceOf(PlanFileError);
            expect((error as PlanFileError).code).toBe("E_PLAN_INVALID");
          }
        },
      ),
      { numRuns: 400 },
    );
  });
});
