import type { Desired } from "../model/index.js";

/**
 * What needs every organization listed through the service desk API, if anything: the
 * feature named in its errors. Nothing else makes a service desk call.
 */
export function discoveryFeature(
  desired: Desired,
  showUnmanaged: boolean | undefined,
): string | undefined {
  if (showUnmanaged) return "--show-unmanaged";
  return desired.pruneOrganizations?.prune ? "pruneOrganizations" : undefined;
}
