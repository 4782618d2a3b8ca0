import type { DriftReport } from "./drift-report.js";

/**
 * The report as JSON, the machine contract of `orgsync drift --format json`: the
 * `DriftReport` as built (its keys in a fixed order), two-space indented, one trailing
 * newline. Valid JSON whatever the names hold, and never coloured.
 */
export function renderDriftJson(report: DriftReport): string {
  return `${JSON.stringify(report, null, 2)}\n`;
}
