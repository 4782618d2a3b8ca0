import { ApiError, NetworkError, UnknownOutcomeError } from "../api/errors.js";
import type {
  ServiceDeskAccess,
  ServiceDeskClient,
} from "../api/servicedesk-types.js";
import type { CallOptions, CsmClient } from "../api/types.js";
import { SERVICE_DESK_LINKS } from "../live/index.js";
import { sameName } from "../model/names.js";
import type { Change, Plan } from "../plan/types.js";
import { OrgsyncError } from "../util/errors.js";
import type { ApiCall } from "./types.js";

type ServiceDeskCall = Extract<
  ApiCall,
  {
    kind:
      | "addCustomers"
      | "removeCustomers"
      | "linkServiceDesk"
      | "unlinkServiceDesk";
  }
>;
type MembersCall = Extract<ApiCall, { accountIds: readonly string[] }>;
type LinkCall = Extract<ApiCall, { serviceDesk: string }>;
type Outcome = { readonly recovered: boolean } | { readonly error: unknown };

const CUSTOMERS = "customers (customers, pruneCustomers)";

/** What the service desk calls of one apply run share. */
export interface ServiceDeskRun {
  readonly access: ServiceDeskAccess | undefined;
  readonly csm: CsmClient;
  readonly options: CallOptions;
  /** How many times a write whose outcome stayed unknown is sent in all. */
  readonly attempts: number;
  /** Each customer batch call's outcome by account id, sent once for all its steps. */
  readonly batches: Map<ApiCall, Promise<ReadonlyMap<string, Outcome>>>;
  /** The id of each organization this apply created, looked up once for all its links. */
  readonly createdIds: Map<string, Promise<string>>;
}

/**
 * Before the first write of a plan with customer or link changes: one cheap read of the
 * service desk API, so that an unreachable one stops apply with nothing written (the error
 * names the feature of the first such change) rather than halfway through.
 */
export async function checkServiceDeskApi(
  plan: Plan,
  access: ServiceDeskAccess | undefined,
  options: CallOptions,
): Promise<void> {
  const first = plan.changes.find(
    (c) => c.resource === "customer" || c.resource === "serviceDesk",
  );
  if (!first || !access) return;
  const feature =
    first.resource === "customer" ? CUSTOMERS : SERVICE_DESK_LINKS;
  await access.client(feature).listOrganizations({ ...options, onePage: 1 });
}

export function isServiceDeskCall(call: ApiCall): call is ServiceDeskCall {
  return (
    call.kind === "addCustomers" ||
    call.kind === "removeCustomers" ||
    call.kind === "linkServiceDesk" ||
    call.kind === "unlinkServiceDesk"
  );
}

/**
 * Sends a customer or service desk link call for one change. A customer batch is sent once
 * for all its changes; after a 400 (an unknown account id: none were written) or an
 * ambiguous answer, the organization's members are re-read before anything else, ids already
 * as wanted count as done, and the rest are sent again: in halves after a 400, down to the
 * unknown id, which is named. Only the changes of an ambiguous answer are `recovered`. Links
 * are idempotent: an ambiguous answer is sent again.
 */
export async function sendServiceDeskCall(
  call: ServiceDeskCall,
  change: Change,
  run: ServiceDeskRun,
): Promise<{ recovered: boolean }> {
  const customers =
    call.kind === "addCustomers" || call.kind === "removeCustomers";
  if (!run.access) {
    throw new OrgsyncError(
      "E_SERVICEDESK_UNAVAILABLE",
      `${change.address} needs the service desk API, which this apply was not given`,
    );
  }
  const client = run.access.client(customers ? CUSTOMERS : SERVICE_DESK_LINKS);
  if ("accountIds" in call) {
    let batch = run.batches.get(call);
    if (!batch) {
      batch = writeMembers(client, call, call.accountIds, run, run.attempts);
      run.batches.set(call, batch);
    }
    const state = change.after ?? change.before;
    const id = state && "accountId" in state ? state.accountId : "";
    const outcome = (await batch).get(id);
    if (!outcome) {
      throw new OrgsyncError(
        "E_UNEXPECTED",
        `${change.address}: no outcome for ${JSON.stringify(id)}`,
      );
    }
    if ("error" in outcome) throw outcome.error;
    return outcome;
  }
  return sendLink(call, client, run);
}

async function sendLink(
  call: LinkCall,
  client: ServiceDeskClient,
  run: ServiceDeskRun,
): Promise<{ recovered: boolean }> {
  const organizationId =
    call.organizationId ?? (await createdId(call.organizationName, run));
  for (let attempt = 1; ; attempt++) {
    try {
      if (call.kind === "linkServiceDesk") {
        await client.addServiceDeskOrganization(
          call.serviceDesk,
          organizationId,
          run.options,
        );
      } else {
        await client.removeServiceDeskOrganization(
          call.serviceDesk,
          organizationId,
          run.options,
        );
      }
      return { recovered: attempt > 1 };
    } catch (error) {
      if (
        !ambiguous(error) ||
        attempt >= run.attempts ||
        run.options.signal?.aborted === true
      ) {
        throw error;
      }
    }
  }
}

/** An answer that leaves open whether the write was carried out (the client's retries spent). */
function ambiguous(error: unknown): boolean {
  return (
    error instanceof UnknownOutcomeError ||
    error instanceof NetworkError ||
    (error instanceof ApiError && error.status >= 500)
  );
}

/** The id of an organization this apply created (the plan could not know it), once a run. */
function createdId(name: string, run: ServiceDeskRun): Promise<string> {
  let id = run.createdIds.get(name);
  if (!id) {
    id = lookUpId(name, run);
    run.createdIds.set(name, id);
    // A failed look-up is tried again by the next link.
    id.catch(() => run.createdIds.delete(name));
  }
  return id;
}

async function lookUpId(name: string, run: ServiceDeskRun): Promise<string> {
  const profiles = await run.csm.fetchProfiles(
    { organizationNames: [name] },
    run.options,
  );
  const found = profiles.find((profile) => sameName(profile.name, name));
  if (!found) {
    throw new OrgsyncError(
      "E_ORGANIZATION_MISSING",
      `organization ${JSON.stringify(name)} is not on the site, so it cannot be linked to a service desk`,
      { hint: "run `orgsync plan` to see the site as it is, then apply again" },
    );
  }
  return found.id;
}

async function writeMembers(
  client: ServiceDeskClient,
  call: MembersCall,
  ids: readonly string[],
  run: ServiceDeskRun,
  attemptsLeft: number,
): Promise<Map<string, Outcome>> {
  const add = call.kind === "addCustomers";
  const outcomes = new Map<string, Outcome>();
  const all = (outcome: Outcome) => {
    for (const id of ids) outcomes.set(id, outcome);
    return outcomes;
  };
  try {
    if (add)
      await client.addOrganizationUsers(call.organizationId, ids, run.options);
    else
      await client.removeOrganizationUsers(
        call.organizationId,
        ids,
        run.options,
      );
    return all({ recovered: false });
  } catch (error) {
    const refused = error instanceof ApiError && error.status === 400;
    if (
      (!refused && !ambiguous(error)) ||
      run.options.signal?.aborted === true
    ) {
      return all({ error });
    }
    let held: Set<string>;
    try {
      const users = await client.listOrganizationUsers(
        call.organizationId,
        run.options,
      );
      held = new Set(users.map((user) => user.accountId));
    } catch (readError) {
      return all({ error: rereadFailed(error, readError) });
    }
    const left = ids.filter((id) => held.has(id) !== add);
    for (const id of ids) {
      if (!left.includes(id)) outcomes.set(id, { recovered: !refused });
    }
    const [only] = left;
    if (only === undefined) return outcomes;
    if (refused && left.length === 1) {
      outcomes.set(only, { error: unknownAccount(only, call, error) });
      return outcomes;
    }
    if (!refused && attemptsLeft <= 1) {
      for (const id of left) outcomes.set(id, { error });
      return outcomes;
    }
    // A 400 does not say reliably which id the site does not know: halves narrow it down.
    const half = Math.ceil(left.length / 2);
    const groups = refused ? [left.slice(0, half), left.slice(half)] : [left];
    for (const group of groups) {
      const again = await writeMembers(
        client,
        call,
        group,
        run,
        refused ? attemptsLeft : attemptsLeft - 1,
      );
      for (const [id, outcome] of again) {
        // After a 400 nothing was lost: the inner outcome says whether an answer was.
        outcomes.set(
          id,
          "error" in outcome || refused ? outcome : { recovered: true },
        );
      }
    }
    return outcomes;
  }
}

function unknownAccount(
  id: string,
  call: MembersCall,
  error: unknown,
): OrgsyncError {
  const said = error instanceof Error ? error.message : String(error);
  return new OrgsyncError(
    "E_UNKNOWN_ACCOUNT",
    `the site does not know the account id ${JSON.stringify(id)}: the service desk API refused to ${call.kind === "addCustomers" ? "add it to" : "remove it from"} organization ${call.organizationId} (${said})`,
    {
      cause: error,
      hint: "check the id in the manifest: customers are listed by account id (qm:… or an Atlassian account id)",
    },
  );
}

function rereadFailed(first: unknown, error: unknown): OrgsyncError {
  const said = first instanceof Error ? first.message : String(first);
  const why = error instanceof Error ? error.message : String(error);
  return new OrgsyncError(
    "E_UNKNOWN_OUTCOME",
    `${said}; re-reading the organization's customers to find out failed too: ${why}`,
    {
      cause: error,
      hint: "run `orgsync plan` to see whether the change was made, then apply again",
    },
  );
}
