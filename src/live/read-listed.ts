import type { ServiceDeskReader } from "../api/servicedesk-types.js";
import type { CallOptions, CsmReader } from "../api/types.js";
import type { Desired } from "../model/desired.js";
import type { ListedOrganization, LiveOrganization } from "../model/live.js";
import { undeclaredOrganizations } from "../model/undeclared.js";
import { OrgsyncError } from "../util/errors.js";
import {
  readOrganizations,
  type ReadOrganizationsOptions,
} from "./read-organizations.js";

/**
 * A service desk API that lists fewer organizations than the site has: the caller is not an
 * agent (a customer sees only their own organizations), so nothing can be said about the
 * organizations no manifest declares.
 */
class NotAgentError extends OrgsyncError {
  constructor(baseUrl: string, problem: string) {
    super(
      "E_NOT_AGENT",
      `the service desk API (${baseUrl}) ${problem}: the account is not an agent of the site's service desks, so it sees only its own organizations`,
      {
        hint: "use the credentials of an agent (Jira Service Management agent licence) for --show-unmanaged, export --all and pruneOrganizations",
      },
    );
  }
}

/**
 * Refuses a list that lacks an organization the CSM API found (by id): an empty one, or an
 * incomplete one, is what a caller who is not an agent sees.
 */
export function checkListComplete(
  baseUrl: string,
  listed: readonly ListedOrganization[],
  found: readonly LiveOrganization[],
): void {
  const ids = new Set(listed.map((o) => o.id));
  const missing = found.find((o) => !ids.has(o.id));
  if (missing === undefined) return;
  throw new NotAgentError(
    baseUrl,
    listed.length === 0
      ? `lists no organization, but the CSM API finds ${found.length} of the organizations the manifests name`
      : `gives an incomplete list: not ${JSON.stringify(missing.name)} (id ${missing.id}), which the CSM API finds`,
  );
}

/** Every organization on the site, as the service desk API lists them (read to the end). */
export async function readListed(
  reader: ServiceDeskReader,
  options: CallOptions = {},
): Promise<ListedOrganization[]> {
  return reader.listOrganizations(options);
}

/**
 * Discovery for a plan: every organization listed, and with `pruneOrganizations: true` the
 * profiles of those no manifest declares (by id, 25 a call), which their deletes need.
 */
export async function readDiscovery(
  client: CsmReader,
  reader: ServiceDeskReader,
  desired: Desired,
  options: ReadOrganizationsOptions,
): Promise<{ listed: ListedOrganization[]; profiles: LiveOrganization[] }> {
  const listed = await readListed(
    reader,
    options.signal === undefined ? {} : { signal: options.signal },
  );
  const ids = desired.pruneOrganizations?.prune
    ? undeclaredOrganizations(desired, listed).map((o) => o.id)
    : [];
  const profiles =
    ids.length > 0 ? await readOrganizations(client, { ids }, options) : [];
  return { listed, profiles };
}
