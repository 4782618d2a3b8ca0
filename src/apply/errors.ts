import { OrgsyncError } from "../util/errors.js";
import type { StaleChange } from "./compare-before.js";
import type { Refusal } from "./types.js";
import { plural } from "../util/plural.js";

/** A plan the applier cannot run as given: a dependency it cannot resolve, a cycle, a change it cannot make. */
export class InvalidPlanError extends OrgsyncError {
  /** The change the problem was found at. */
  readonly address: string;

  constructor(
    address: string,
    problem: string,
    options: { cause?: unknown } = {},
  ) {
    super("E_PLAN_INVALID", `cannot apply the plan: ${address} ${problem}`, {
      ...options,
      hint: "make a fresh plan with `orgsync plan --out FILE`; a hand-edited or damaged plan file cannot be applied",
    });
    this.address = address;
  }
}

/** Apply will not start: destructive changes without consent, or too many deletes. */
export class ApplyRefusedError extends OrgsyncError {
  readonly refusals: readonly Refusal[];

  constructor(refusals: readonly Refusal[]) {
    const lines = refusals.flatMap((refusal) => [
      refusal.message,
      ...refusal.addresses.map((address) => `  - ${address}`),
    ]);
    super(
      "E_APPLY_REFUSED",
      `apply refused before any change was made:\n${lines.join("\n")}`,
      {
        hint: `review the plan; if these changes are intended, pass ${[...new Set(refusals.map((refusal) => refusal.flag))].join(" and ")}`,
      },
    );
    this.refusals = refusals;
  }
}

/**
 * The site no longer holds what a saved plan's changes say it held (or a change was re-aimed
 * at another object): applying it would act on state nobody reviewed.
 */
export class StalePlanError extends OrgsyncError {
  /** The addresses whose live state differs from what the plan read. */
  readonly addresses: readonly string[];
  readonly stale: readonly StaleChange[];

  constructor(file: string, stale: readonly StaleChange[]) {
    const lines = stale.map(
      (item) =>
        `  - ${item.address}: ${item.what} ${item.before} → now ${item.now}`,
    );
    super(
      "E_PLAN_STALE",
      `the saved plan ${file} is stale: ${plural(stale.length, "change")} no longer ${stale.length === 1 ? "matches" : "match"} the site (the plan's "before" against what the site holds now), nothing was applied:\n${lines.join("\n")}`,
      { hint: "make and review a fresh plan with `orgsync plan --out FILE`" },
    );
    this.addresses = stale.map((item) => item.address);
    this.stale = stale;
  }
}

/** A saved plan made for another site. */
export class PlanTargetError extends OrgsyncError {
  constructor(file: string, planned: string, connected: string) {
    super(
      "E_PLAN_TARGET",
      `the saved plan ${file} was made for ${planned}, but this apply is connected to ${connected}; nothing was applied`,
      {
        hint: "connect to the site the plan was made for (--base-url, --cloud-id or --site; --servicedesk-base-url for the service desk API), or make a new plan for this one",
      },
    );
  }
}

/**
 * A create's outcome was unknown and the re-read found an object of that name that is not
 * the one the plan would have made (someone else made it meanwhile).
 */
export class CreateConflictError extends OrgsyncError {
  constructor(
    address: string,
    found: string,
    options: { cause?: unknown } = {},
  ) {
    super(
      "E_CREATE_CONFLICT",
      `${address}: the create's outcome was unknown, and re-reading found ${found}, which is not what the plan creates; it was not re-sent`,
      {
        ...options,
        hint: "run `orgsync plan` to see the site as it is now",
      },
    );
  }
}
