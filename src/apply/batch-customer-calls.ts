import type { ApiCall, ApplyStep } from "./types.js";

/** The most account ids one `organization/{id}/user` call carries. */
const CUSTOMER_BATCH_SIZE = 50;

/**
 * The customer steps of one organization (same direction, same prerequisites) share one call
 * object per 50 ids: apply sends each such call once, and each step reports its own id.
 * Other steps are returned as they are.
 */
export function batchCustomerCalls(steps: readonly ApplyStep[]): ApplyStep[] {
  const groups = new Map<string, ApplyStep[]>();
  for (const step of steps) {
    const call = step.calls[0];
    if (call?.kind !== "addCustomers" && call?.kind !== "removeCustomers") {
      continue;
    }
    const key = [call.kind, call.organizationId, ...step.prerequisites].join(
      "\u0000",
    );
    const group = groups.get(key);
    if (group) group.push(step);
    else groups.set(key, [step]);
  }
  const shared = new Map<number, ApiCall>();
  for (const group of groups.values()) {
    for (let i = 0; i < group.length; i += CUSTOMER_BATCH_SIZE) {
      const chunk = group.slice(i, i + CUSTOMER_BATCH_SIZE);
      const first = chunk[0]!.calls[0] as Extract<
        ApiCall,
        { accountIds: readonly string[] }
      >;
      const call: ApiCall = {
        ...first,
        accountIds: chunk.flatMap((step) =>
          step.calls.flatMap((c) => ("accountIds" in c ? c.accountIds : [])),
        ),
      };
      for (const step of chunk) shared.set(step.index, call);
    }
  }
  return steps.map((step) => {
    const call = shared.get(step.index);
    return call ? { ...step, calls: [call] } : step;
  });
}
