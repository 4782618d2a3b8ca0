import type { Desired } from "../model/index.js";

/**
 * What needs every organization listed through the service desk API, if anything: the
 * feature named in its errors (`flag`, the flag given that asks for it, else
 * `pruneOrganizations`). Nothing else here makes a service desk call.
 */
export function discoveryFeature(
  desired: Desired,
  flag: string | undefined,
): string | undefined {
  if (flag) return flag;
  return desired.pruneOrganizations?.prune ? "pruneOrganizations" : undefined;
}
