import { ApiError, UnknownOutcomeError } from "../api/errors.js";
import type { CallOptions, CsmClient } from "../api/types.js";
import { CreateConflictError } from "./errors.js";
import { OrgsyncError } from "../util/errors.js";
import { findMade, withEntity, type MadeState } from "./find-made.js";
import { LearnedIds } from "./learned-ids.js";
import type { ApiCall } from "./types.js";

/** Options of `sendCall`. */
export interface SendCallOptions extends CallOptions {
  /** The change's address, for error messages. */
  readonly address: string;
  /** How many times a create is sent in all, each re-send only after a re-read found it absent. @default 3 */
  readonly createAttempts?: number;
  /** The ids this apply's creates answered with (one per apply). @default a fresh one */
  readonly learned?: LearnedIds;
}

/**
 * Sends one call. `recovered` is true when an answer was lost or misleading and a re-read
 * established the result:
 * - a create whose outcome is unknown (timeout, reset, "done but answered 500") is re-read by
 *   name; made → done; absent → sent again (bounded); anything else of that name → conflict;
 * - a field edit answered 404 (its old name is gone) is done if the field is there as edited;
 * - a delete answered 404 is done: the object is gone, which is what the change asks.
 * Every other error is thrown as the client raised it.
 */
export async function sendCall(
  call: ApiCall,
  client: CsmClient,
  options: SendCallOptions,
): Promise<{ recovered: boolean }> {
  const callOptions: CallOptions =
    options.signal === undefined ? {} : { signal: options.signal };
  const attempts = Math.max(1, options.createAttempts ?? 3);
  const learned = options.learned ?? new LearnedIds();
  for (let attempt = 1; ; attempt++) {
    try {
      await send(call, client, callOptions, learned);
      return { recovered: attempt > 1 };
    } catch (error) {
      if (isStatus(error, 404) && isDelete(call)) return { recovered: true };
      const ambiguous =
        error instanceof UnknownOutcomeError ||
        (call.kind === "editDetailField" && isStatus(error, 404));
      if (!ambiguous || options.signal?.aborted === true) throw error;
      const found = await reread(call, client, callOptions, error);
      if (found === undefined) throw error;
      if (found.state === "made") return { recovered: true };
      // An edit that is not there as edited has failed; only a create may be sent again.
      if (call.kind === "editDetailField") throw error;
      if (found.state === "conflict") {
        throw new CreateConflictError(options.address, found.found, {
          cause: error,
        });
      }
      if (attempt >= attempts) throw error;
    }
  }
}

function isDelete(call: ApiCall): boolean {
  return (
    call.kind === "deleteDetailField" ||
    call.kind === "deleteOrganization" ||
    call.kind === "deleteEntitlement"
  );
}

/** `findMade`, but a failed re-read keeps the first error's news: the outcome is unknown. */
async function reread(
  call: ApiCall,
  client: CsmClient,
  options: CallOptions,
  first: unknown,
): Promise<MadeState | undefined> {
  try {
    return await findMade(call, client, options);
  } catch (error) {
    const said = first instanceof Error ? first.message : String(first);
    const why = error instanceof Error ? error.message : String(error);
    throw new OrgsyncError(
      "E_UNKNOWN_OUTCOME",
      `${said}; re-reading the site to find out failed too: ${why}`,
      {
        cause: error,
        hint: "run `orgsync plan` to see whether the change was made, then apply again",
      },
    );
  }
}

function isStatus(error: unknown, status: number): boolean {
  return error instanceof ApiError && error.status === status;
}

async function send(
  call: ApiCall,
  client: CsmClient,
  options: CallOptions,
  learned: LearnedIds,
): Promise<void> {
  switch (call.kind) {
    case "createDetailField":
      await client.createDetailField(call.field, withEntity(call, options));
      return;
    case "editDetailField":
      await client.editDetailField(
        call.fieldName,
        call.edit.options === undefined
          ? { name: call.edit.name }
          : { name: call.edit.name, options: call.edit.options },
        withEntity(call, options),
      );
      return;
    case "deleteDetailField":
      await client.deleteDetailField(call.fieldName, withEntity(call, options));
      return;
    case "createProfile":
      learned.profile(await client.createProfile(call.body, options));
      return;
    case "renameOrganization":
      await client.renameOrganization(call.organizationId, call.name, options);
      return;
    case "deleteOrganization":
      await client.deleteOrganization(call.organizationId, options);
      return;
    case "setOrganizationDetail":
      await client.setOrganizationDetail(
        call.organizationId,
        call.fieldName,
        call.values,
        options,
      );
      return;
    case "createEntitlement":
      learned.entitlement(
        call.organizationId,
        await client.createEntitlement(
          call.organizationId,
          call.productId,
          options,
        ),
      );
      return;
    case "deleteEntitlement":
      await client.deleteEntitlement(call.entitlementId, options);
      return;
    case "setEntitlementDetail":
      await client.setEntitlementDetail(
        await learned.entitlementId(call, client, options),
        call.fieldName,
        call.values,
        options,
      );
      return;
  }
}
