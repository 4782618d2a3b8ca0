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
 * A service desk API that lists no organization on a site that has some: the caller is not
 * an agent (a customer sees only their own organizations), so nothing can be said about
 * the organizations no manifest declares.
 */
export class NotAgentError extends OrgsyncError {
  constructor(baseUrl: string, evidence: string) {
    super(
      "E_NOT_AGENT",
      `the service desk API (${baseUrl}) lists no organization, but ${evidence}: the account is not an agent of the site's service desks, so it sees only its own organizations`,
      {
        hint: "use the credentials of an agent (Jira Service Management agent licence) for --show-unmanaged, export --all and pruneOrganizations",
      },
    );
  }
}

/** Every organization on the site, as the service desk API lists them (read to the end). */
export async function readListed(
  reader: ServiceDeskReader,
  options: CallOptions = {},
): Promise<ListedOrganization[]> {
  const listed = await reader.listOrganizations(options);
  return listed.map(({ id, name, scimManaged }) => ({
    id,
    name,
    ...(scimManaged === undefined ? {} : { scimManaged }),
  }));
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
