import type { DesiredDetail } from "../model/index.js";
import type { DetailEntry } from "./manifest-model.js";

/**
 * Where each loaded detail was written, down to each value. `checkAgainstLiveFields` runs
 * long after loading (once the plan has read the live fields) and uses it to point at the
 * exact value with the source line; a Desired built by hand simply has none. A WeakMap keyed
 * by the Desired objects: it adds nothing to them (the saved plan copies their `source`) and
 * goes away with them.
 */
const provenance = new WeakMap<DesiredDetail, DetailEntry>();

export function recordProvenance(
  detail: DesiredDetail,
  entry: DetailEntry,
): void {
  provenance.set(detail, entry);
}

export function provenanceOf(detail: DesiredDetail): DetailEntry | undefined {
  return provenance.get(detail);
}
