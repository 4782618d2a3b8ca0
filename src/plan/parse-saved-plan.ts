import { checkSchema, packageValidator } from "../util/check-schema.js";
import { OrgsyncError } from "../util/errors.js";
import { JsonLocator } from "../util/locate-json.js";
import { summarizeChanges } from "./summarize-changes.js";
import type { ChangeAction, Plan } from "./types.js";

/** One thing wrong with a saved plan file. */
export interface PlanFileIssue {
  /** JSON pointer of the offending value ("" for the whole file). */
  readonly pointer: string;
  /** 1-based position in the file, when the value could be found. */
  readonly line?: number;
  readonly column?: number;
  readonly message: string;
}

/**
 * A saved plan file that cannot be applied: not JSON, another format version, not the shape
 * of `schema/plan.schema.json`, or inconsistent (duplicate addresses, a dependency listed
 * after its dependant, a summary that does not count the changes).
 */
export class PlanFileError extends OrgsyncError {
  readonly file: string;
  readonly issues: readonly PlanFileIssue[];

  constructor(
    file: string,
    summary: string,
    issues: readonly PlanFileIssue[],
    options: { cause?: unknown; hint?: string } = {},
  ) {
    const shown = issues.slice(0, MAX_SHOWN).map((issue) => {
      const where =
        issue.line === undefined
          ? file
          : `${file}:${issue.line}:${issue.column ?? 1}`;
      return `  ${where}: ${issue.pointer ? `${issue.pointer}: ` : ""}${issue.message}`;
    });
    if (issues.length > MAX_SHOWN) {
      shown.push(`  … and ${issues.length - MAX_SHOWN} more`);
    }
    super("E_PLAN_INVALID", `${file}: ${summary}\n${shown.join("\n")}`, {
      hint:
        options.hint ??
        "a saved plan must be applied as `orgsync plan --out FILE` wrote it; make the plan again",
      ...(options.cause === undefined ? {} : { cause: options.cause }),
    });
    this.file = file;
    this.issues = issues;
  }
}

const MAX_SHOWN = 20;
const BOM = "\uFEFF";

/**
 * Reads a saved plan (the text of the file written by `orgsync plan --out`) for apply. The
 * text is checked as JSON, for its format version, against `schema/plan.schema.json`, and
 * for consistency; every problem found is reported at `file:line:col`. Any text at all
 * gives either a valid Plan or a PlanFileError (`E_PLAN_INVALID`), nothing else.
 */
export function parseSavedPlan(text: string, file: string): Plan {
  const body = text.startsWith(BOM) ? text.slice(1) : text;
  let value: unknown;
  try {
    value = JSON.parse(body);
  } catch (error) {
    const issue = new JsonLocator(body).syntaxError(error);
    throw new PlanFileError(
      file,
      "is not valid JSON",
      [{ pointer: "", ...issue }],
      { cause: error },
    );
  }
  let locator: JsonLocator | undefined;
  const at = (
    pointer: string,
    message: string,
    atKey = false,
  ): PlanFileIssue => {
    locator ??= new JsonLocator(body);
    return { pointer, ...locator.locate(pointer, atKey), message };
  };

  if (!value || typeof value !== "object" || Array.isArray(value)) {
    throw new PlanFileError(file, "is not a saved orgsync plan", [
      at("", "expected a JSON object with formatVersion 1 or 2"),
    ]);
  }
  const version = (value as { formatVersion?: unknown }).formatVersion;
  // Version 1 plans (made before entitlement and customer fields) apply unchanged.
  if (version !== 1 && version !== 2) {
    throw new PlanFileError(
      file,
      version === undefined
        ? "is not a saved orgsync plan (it has no formatVersion)"
        : `is a plan in format version ${JSON.stringify(version)}; this orgsync reads format versions 1 and 2`,
      [
        at(
          version === undefined ? "" : "/formatVersion",
          "expected formatVersion 1 or 2",
        ),
      ],
      {
        hint: "make the plan again with this orgsync (`orgsync plan --out FILE`), or apply it with the orgsync version that made it",
      },
    );
  }

  const problems = checkSchema(packageValidator("plan.schema.json"), value);
  if (problems.length > 0) {
    throw new PlanFileError(
      file,
      "does not have the shape of a saved plan (schema/plan.schema.json)",
      problems.map((problem) =>
        at(problem.pointer, problem.message, problem.atKey),
      ),
    );
  }
  const plan = value as Plan;
  const issues = checkConsistency(plan).map(({ pointer, message }) =>
    at(pointer, message),
  );
  if (issues.length > 0) {
    throw new PlanFileError(file, "is not consistent", issues);
  }
  return plan;
}

/** What the schema cannot say: unique addresses, prerequisites first, a true summary. */
function checkConsistency(plan: Plan): { pointer: string; message: string }[] {
  const problems: { pointer: string; message: string }[] = [];
  const seen = new Set<string>();
  plan.changes.forEach((change, index) => {
    for (const address of change.dependsOn) {
      if (!seen.has(address)) {
        problems.push({
          pointer: `/changes/${index}/dependsOn`,
          message: `depends on ${JSON.stringify(address)}, which is not an earlier change of this plan`,
        });
      }
    }
    if (seen.has(change.address)) {
      problems.push({
        pointer: `/changes/${index}/address`,
        message: `${JSON.stringify(change.address)} appears twice; expected each address once`,
      });
    }
    seen.add(change.address);
  });
  const counted = summarizeChanges(plan.changes);
  for (const action of Object.keys(counted) as ChangeAction[]) {
    if (counted[action] !== plan.summary[action]) {
      problems.push({
        pointer: `/summary/${action}`,
        message: `says ${plan.summary[action]}, but the plan has ${counted[action]} ${action} change${counted[action] === 1 ? "" : "s"}`,
      });
    }
  }
  return problems;
}
