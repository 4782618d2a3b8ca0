import { OrgsyncError } from "../util/errors.js";
import { formatLocation, type SourceLocation } from "../model/source.js";

const MAX_SHOWN = 50;

/** One way the manifests do not fit the live site, found only once live data was read. */
export interface PlanInputProblem {
  /** Where the desired object that has the problem was written. */
  readonly source: SourceLocation;
  /** What is wrong (and, when `expected` is absent, what was expected). */
  readonly message: string;
  /** The text written at `source` that has the problem (a product reference...). */
  readonly found?: string;
  /** What was expected instead. */
  readonly expected?: string;
  /** A near-miss correction, shown as `did you mean "suggestion"?`. */
  readonly suggestion?: string;
}

/** A problem as one line of text: the message, what was expected, the near miss. */
function describeProblem(problem: PlanInputProblem): string {
  const expected =
    problem.expected === undefined ? "" : `; expected ${problem.expected}`;
  const suggestion =
    problem.suggestion === undefined
      ? ""
      : ` (did you mean ${JSON.stringify(problem.suggestion)}?)`;
  return `${problem.message}${expected}${suggestion}`;
}

/**
 * The manifests are valid on their own but do not fit the live site (a product that does not
 * exist, a previous name that two organizations claim...). Carries every problem found, not
 * only the first, each at the `file:line:col` of the object that has it.
 */
export class PlanInputError extends OrgsyncError {
  readonly problems: readonly PlanInputProblem[];

  constructor(problems: readonly PlanInputProblem[]) {
    const sorted = [...problems].sort(byLocation);
    const count =
      sorted.length === 1 ? "1 problem" : `${sorted.length} problems`;
    // One bad key on many organizations is many problems; the message shows the first ones.
    const shown = sorted
      .slice(0, MAX_SHOWN)
      .map(
        (problem) =>
          `  ${formatLocation(problem.source)}: ${describeProblem(problem)}`,
      );
    if (sorted.length > MAX_SHOWN) {
      shown.push(`  … and ${sorted.length - MAX_SHOWN} more`);
    }
    super(
      "E_PLAN_INPUT",
      `the manifests do not fit the live site (${count}):\n${shown.join("\n")}`,
      {
        hint: "fix the manifests (or the site) and run `orgsync plan` again; nothing was changed",
      },
    );
    this.problems = sorted;
  }
}

function byLocation(a: PlanInputProblem, b: PlanInputProblem): number {
  if (a.source.file !== b.source.file) {
    return a.source.file < b.source.file ? -1 : 1;
  }
  return a.source.line - b.source.line || a.source.column - b.source.column;
}
