import { performance } from "node:perf_hooks";

import pLimit from "p-limit";

import { CLIENT_DEFAULTS } from "../api/index.js";
import type { CsmClient } from "../api/types.js";
import type { Plan } from "../plan/types.js";
import { buildSteps } from "./build-steps.js";
import { LearnedIds } from "./learned-ids.js";
import { sendCall } from "./send-call.js";
import {
  checkServiceDeskApi,
  isServiceDeskCall,
  sendServiceDeskCall,
  type ServiceDeskRun,
} from "./send-service-desk-call.js";
import type {
  ApplyEvent,
  ApplyOptions,
  ApplyReport,
  ApplyResult,
  ApplyStep,
} from "./types.js";

/**
 * Applies a plan: builds every step first (a damaged plan throws before any call), then runs
 * them as a dependency graph. A change starts as soon as every change it depends on is
 * applied and a slot is free (p-limit; the client's own gate paces requests and handles 429).
 * A failed change fails only its dependents, which are skipped with the reason. Never throws
 * for a failed change: every change ends in the report as applied, failed or skipped. Throws,
 * with nothing written, when the service desk API that customer or link changes need fails.
 */
export async function applyPlan(
  plan: Plan,
  client: CsmClient,
  options: ApplyOptions = {},
): Promise<ApplyReport> {
  const steps = buildSteps(plan);
  const signal = options.abort === undefined ? {} : { signal: options.abort };
  await checkServiceDeskApi(plan, options.serviceDesk, signal);
  return runSteps(steps, client, options);
}

/**
 * Runs the steps `buildSteps` returned (all of them, in its order: each step's `index` is
 * its position); see `applyPlan`.
 */
function runSteps(
  steps: readonly ApplyStep[],
  client: CsmClient,
  options: ApplyOptions = {},
): Promise<ApplyReport> {
  const onEvent = options.onEvent;
  const emit = (event: ApplyEvent): void => {
    try {
      onEvent?.(event);
    } catch {
      // A broken progress display must not stop an apply halfway or hide its report.
    }
  };
  const clock = options.clock ?? (() => performance.now());
  const limit = pLimit(
    Math.max(1, options.concurrency ?? CLIENT_DEFAULTS.concurrency),
  );

  const serviceDesk: ServiceDeskRun = {
    access: options.serviceDesk,
    csm: client,
    options: options.abort === undefined ? {} : { signal: options.abort },
    attempts: Math.max(1, options.createAttempts ?? 3),
    batches: new Map(),
    createdIds: new Map(),
  };
  const results: (ApplyResult | undefined)[] = steps.map(() => undefined);
  const waitingFor = steps.map((step) => step.prerequisites.length);
  const dependents: number[][] = steps.map(() => []);
  for (const step of steps) {
    for (const before of step.prerequisites)
      dependents[before]!.push(step.index);
  }
  let earlyLeft = steps.filter((step) => !step.last).length;
  const heldBack: number[] = [];
  let settled = 0;
  let stopReason: string | undefined;
  let interrupted = false;
  const learned = new LearnedIds();

  const onInterrupt = (): void => {
    interrupted = true;
    stopReason ??= "not started: apply was interrupted";
  };

  emit({ type: "start", total: steps.length });

  return new Promise<ApplyReport>((resolve) => {
    let finished = false;
    const finish = (): void => {
      // Settling cascades (a failure skips its dependents), so the last settle may be nested.
      if (finished) return;
      finished = true;
      options.interrupt?.removeEventListener("abort", onInterrupt);
      options.abort?.removeEventListener("abort", onInterrupt);
      const done = results.filter((r): r is ApplyResult => r !== undefined);
      const report: ApplyReport = {
        results: done,
        summary: {
          applied: done.filter((r) => r.status === "applied").length,
          failed: done.filter((r) => r.status === "failed").length,
          skipped: done.filter((r) => r.status === "skipped").length,
        },
        interrupted,
      };
      emit({ type: "done", report });
      resolve(report);
    };

    const settle = (index: number, result: ApplyResult): void => {
      if (results[index] !== undefined) return;
      results[index] = result;
      settled++;
      emit({ type: "change-done", result });
      if (result.status === "failed" && options.failFast === true) {
        stopReason ??= `not started: --fail-fast stopped apply after ${result.address} failed`;
      }
      const step = steps[index]!;
      for (const next of dependents[index]!) {
        if (result.status === "applied") {
          if (--waitingFor[next]! === 0) ready(next);
        } else {
          skip(
            next,
            `depends on ${result.address} which ${result.status === "failed" ? "failed" : "was skipped"}`,
          );
        }
      }
      if (!step.last && --earlyLeft === 0) {
        for (const held of heldBack.splice(0)) start(held);
      }
      if (settled === steps.length) finish();
    };

    const skip = (index: number, reason: string): void => {
      const change = steps[index]!.change;
      settle(index, {
        address: change.address,
        action: change.action,
        status: "skipped",
        reason,
        durationMs: 0,
      });
    };

    const ready = (index: number): void => {
      if (results[index] !== undefined) return;
      if (steps[index]!.last && earlyLeft > 0) heldBack.push(index);
      else start(index);
    };

    const start = (index: number): void => {
      if (stopReason !== undefined) {
        skip(index, stopReason);
        return;
      }
      void limit(async () => {
        // The stop may have come while this step waited for a slot.
        if (stopReason !== undefined) {
          skip(index, stopReason);
          return;
        }
        settle(
          index,
          await runStep(
            steps[index]!,
            client,
            options,
            clock,
            emit,
            learned,
            serviceDesk,
          ),
        );
      });
    };

    if (steps.length === 0) {
      finish();
      return;
    }
    if (
      options.interrupt?.aborted === true ||
      options.abort?.aborted === true
    ) {
      onInterrupt();
    }
    options.interrupt?.addEventListener("abort", onInterrupt, { once: true });
    options.abort?.addEventListener("abort", onInterrupt, { once: true });
    for (const step of steps) {
      if (step.prerequisites.length === 0) ready(step.index);
    }
  });
}

async function runStep(
  step: ApplyStep,
  client: CsmClient,
  options: ApplyOptions,
  clock: () => number,
  emit: (event: ApplyEvent) => void,
  learned: LearnedIds,
  serviceDesk: ServiceDeskRun,
): Promise<ApplyResult> {
  const { address, action } = step.change;
  emit({ type: "change-start", address, action });
  const started = clock();
  let recovered = false;
  try {
    for (const call of step.calls) {
      const sent = isServiceDeskCall(call)
        ? await sendServiceDeskCall(call, step.change, serviceDesk)
        : await sendCall(call, client, {
            address,
            learned,
            ...(options.abort === undefined ? {} : { signal: options.abort }),
            ...(options.createAttempts === undefined
              ? {}
              : { createAttempts: options.createAttempts }),
          });
      recovered ||= sent.recovered;
    }
    return {
      address,
      action,
      status: "applied",
      ...(recovered ? { recovered } : {}),
      durationMs: Math.round(clock() - started),
    };
  } catch (error) {
    return {
      address,
      action,
      status: "failed",
      error: describeError(error, options.abort?.aborted === true),
      durationMs: Math.round(clock() - started),
    };
  }
}

function describeError(
  error: unknown,
  aborted: boolean,
): { code: string; message: string; status?: number; hint?: string } {
  if (aborted) {
    return {
      code: "E_ABORTED",
      message:
        "aborted while in flight by a second interrupt; whether the site made this change is unknown (run `orgsync plan` to see)",
    };
  }
  if (error instanceof Error) {
    const { code, status, hint } = error as {
      code?: unknown;
      status?: unknown;
      hint?: unknown;
    };
    return {
      code:
        typeof code === "string" && code.startsWith("E_")
          ? code
          : "E_UNEXPECTED",
      message: error.message,
      ...(code === "E_API_STATUS" && typeof status === "number"
        ? { status }
        : {}),
      ...(typeof hint === "string" ? { hint } : {}),
    };
  }
  return { code: "E_UNEXPECTED", message: String(error) };
}
