import type { Plan } from "../plan/types.js";
import { batchCustomerCalls } from "./batch-customer-calls.js";
import { callsForChange } from "./calls-for-change.js";
import { InvalidPlanError } from "./errors.js";
import type { ApplyStep } from "./types.js";

/**
 * Turns a plan into steps, one per change, each with its calls as data and its prerequisites
 * resolved to step indexes. Pure: nothing is sent. Throws `InvalidPlanError` when two changes
 * share an address, a `dependsOn` names no change of the plan, the dependencies form a cycle,
 * or a change cannot be made, so a damaged plan fails before its first call. The customer
 * changes of one organization share their calls, 50 ids a call (`batchCustomerCalls`).
 */
export function buildSteps(plan: Plan): ApplyStep[] {
  const indexOf = new Map<string, number>();
  plan.changes.forEach((change, index) => {
    if (indexOf.has(change.address)) {
      throw new InvalidPlanError(change.address, "appears twice in the plan");
    }
    indexOf.set(change.address, index);
  });

  const prerequisites = plan.changes.map((change) =>
    unique(
      change.dependsOn.map((address) => {
        const index = indexOf.get(address);
        if (index === undefined) {
          throw new InvalidPlanError(
            change.address,
            `depends on ${address}, which is not a change of this plan`,
          );
        }
        if (index === indexOf.get(change.address)) {
          throw new InvalidPlanError(change.address, "depends on itself");
        }
        return index;
      }),
    ),
  );
  assertAcyclic(plan, prerequisites);

  const last = deletesThatCanWait(plan, prerequisites);
  return batchCustomerCalls(
    plan.changes.map((change, index) => ({
      index,
      change,
      calls: callsForChange(change),
      prerequisites: prerequisites[index] ?? [],
      last: last[index] ?? false,
    })),
  );
}

function unique(indexes: number[]): number[] {
  return [...new Set(indexes)];
}

/** Depth-first search with three colours; reports the cycle it finds, by address. */
function assertAcyclic(plan: Plan, prerequisites: readonly number[][]): void {
  const state = new Uint8Array(prerequisites.length); // 0 new, 1 on the path, 2 done
  const path: number[] = [];
  const visit = (start: number): void => {
    // Iterative, so a long chain of dependencies cannot overflow the stack.
    const stack: { node: number; next: number }[] = [{ node: start, next: 0 }];
    state[start] = 1;
    path.push(start);
    while (stack.length > 0) {
      const top = stack[stack.length - 1]!;
      const edges = prerequisites[top.node] ?? [];
      if (top.next < edges.length) {
        const to = edges[top.next++]!;
        if (state[to] === 1) {
          const cycle = path.slice(path.indexOf(to)).concat(to);
          const names = cycle.map((i) => plan.changes[i]!.address);
          throw new InvalidPlanError(
            names[0]!,
            `is part of a dependency cycle: ${names.join(" -> ")}`,
          );
        }
        if (state[to] === 0) {
          state[to] = 1;
          path.push(to);
          stack.push({ node: to, next: 0 });
        }
      } else {
        state[top.node] = 2;
        path.pop();
        stack.pop();
      }
    }
  };
  for (let node = 0; node < prerequisites.length; node++) {
    if (state[node] === 0) visit(node);
  }
}

/**
 * Deletes run last, after everything else has finished, unless another change waits for
 * them (a field deleted to free its name for a rename): those must run when they are due.
 */
function deletesThatCanWait(
  plan: Plan,
  prerequisites: readonly number[][],
): boolean[] {
  const neededEarly = new Uint8Array(plan.changes.length);
  const pending: number[] = [];
  plan.changes.forEach((change, index) => {
    if (change.action !== "delete")
      pending.push(...(prerequisites[index] ?? []));
  });
  while (pending.length > 0) {
    const index = pending.pop()!;
    if (neededEarly[index]) continue;
    neededEarly[index] = 1;
    pending.push(...(prerequisites[index] ?? []));
  }
  return plan.changes.map(
    (change, index) => change.action === "delete" && !neededEarly[index],
  );
}
