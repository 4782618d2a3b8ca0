import type { ListedOrganization } from "../model/live.js";

/**
 * The organizations no manifest declares, as plans and drift reports show them: a heading
 * and one line each (`"Stray" (id 4)`), or a sentence when there are none. `escape` makes
 * names safe for the medium.
 */
export function describeUnmanaged(
  unmanaged: readonly ListedOrganization[],
  escape: (text: string) => string,
): { heading: string; lines: string[] } {
  if (unmanaged.length === 0) {
    return {
      heading: "Organizations no manifest declares: none",
      lines: [],
    };
  }
  return {
    heading: `Organizations no manifest declares (${unmanaged.length}):`,
    lines: unmanaged.map(
      (o) =>
        `${escape(JSON.stringify(o.name))} (id ${escape(o.id)}${o.scimManaged ? ", managed by SCIM" : ""})`,
    ),
  };
}
