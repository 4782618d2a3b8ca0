import { describe, expect, it } from "vitest";

import { RateLimitGate, type GateTicket } from "../../src/api/index.js";
import { fakeClock, type FakeClock } from "./helpers/fake-clock.js";

function setup(
  maxConcurrency: number,
  extra: {
    increaseAfter?: number;
    nearLimitSpacingMs?: number;
    maxPauseMs?: number;
  } = {},
): { gate: RateLimitGate; clock: FakeClock; lines: string[] } {
  const clock = fakeClock();
  const lines: string[] = [];
  const gate = new RateLimitGate({
    maxConcurrency,
    now: clock.now,
    sleep: clock.sleep,
    logger: (line) => lines.push(line),
    ...extra,
  });
  return { gate, clock, lines };
}

/** Starts `n` acquisitions and records which have been let through. */
function request(gate: RateLimitGate, n: number): { granted: GateTicket[] } {
  const granted: GateTicket[] = [];
  for (let i = 0; i < n; i += 1)
    void gate.acquire().then((ticket) => granted.push(ticket));
  return { granted };
}

describe("RateLimitGate", () => {
  // Issue 13, finding 6: one Retry-After of a day must not freeze every worker for a day.
  it("caps a pause at maxPauseMs, saying what the server asked for", async () => {
    const { gate, clock, lines } = setup(2, { maxPauseMs: 120_000 });
    const first = request(gate, 1);
    await clock.settle();
    first.granted[0]!.release({
      kind: "rate-limited",
      resumeAt: clock.now() + 86_400_000,
      label: "GET organization/details",
    });
    expect(gate.pausedUntil).toBe(clock.now() + 120_000);
    expect(lines).toContain(
      "rate-limit: paused 120.0s (capped: the server asked for 86400.0s) after 429 on GET organization/details; concurrency 2 → 1",
    );
    const later = request(gate, 1);
    await clock.advance(119_000);
    expect(later.granted).toHaveLength(0);
    await clock.advance(1_000);
    expect(later.granted).toHaveLength(1);
  });

  it("lets at most `concurrency` requests run at once", async () => {
    const { gate, clock } = setup(3);
    const { granted } = request(gate, 5);
    await clock.settle();
    expect(granted).toHaveLength(3);
    expect(gate.inFlight).toBe(3);
    granted[0]!.release({ kind: "success", nearLimit: false });
    await clock.settle();
    expect(granted).toHaveLength(4);
  });

  it("pauses every worker until the reset time after a 429, and halves concurrency", async () => {
    const { gate, clock, lines } = setup(8);
    const first = request(gate, 8);
    await clock.settle();
    expect(first.granted).toHaveLength(8);
    const resumeAt = clock.now() + 1000;
    first.granted[0]!.release({
      kind: "rate-limited",
      resumeAt,
      label: "POST organization/profile/fetch",
    });
    expect(gate.concurrency).toBe(4);
    expect(lines).toContain(
      "rate-limit: paused 1.0s after 429 on POST organization/profile/fetch; concurrency 8 → 4",
    );
    // Other workers finish; their slots are free but nobody may start during the pause.
    for (const ticket of first.granted.slice(1))
      ticket.release({ kind: "success", nearLimit: false });
    const second = request(gate, 6);
    await clock.advance(999);
    expect(second.granted).toHaveLength(0);
    await clock.advance(1);
    expect(second.granted).toHaveLength(4);
    expect(second.granted.every((t) => t.startedAt >= resumeAt)).toBe(true);
  });

  it("cuts once for a storm of 429s from requests already in flight", async () => {
    const { gate, clock } = setup(8);
    const { granted } = request(gate, 8);
    await clock.settle();
    const resumeAt = clock.now() + 500;
    for (const ticket of granted)
      ticket.release({ kind: "rate-limited", resumeAt, label: "GET x" });
    expect(gate.concurrency).toBe(4);
    // A request started after the cut that hits a 429 cuts again.
    const later = request(gate, 1);
    await clock.advance(500);
    later.granted[0]!.release({
      kind: "rate-limited",
      resumeAt: clock.now() + 500,
      label: "GET x",
    });
    expect(gate.concurrency).toBe(2);
  });

  it("never cuts below one and keeps the latest reset time", async () => {
    const { gate, clock } = setup(1);
    const { granted } = request(gate, 1);
    await clock.settle();
    granted[0]!.release({
      kind: "rate-limited",
      resumeAt: clock.now() + 2000,
      label: "GET x",
    });
    expect(gate.concurrency).toBe(1);
    expect(gate.pausedUntil).toBe(clock.now() + 2000);
  });

  it("grows concurrency back by one after a run of successes, up to the maximum", async () => {
    const { gate, clock, lines } = setup(4, { increaseAfter: 3 });
    const storm = request(gate, 1);
    await clock.settle();
    storm.granted[0]!.release({
      kind: "rate-limited",
      resumeAt: clock.now(),
      label: "GET x",
    });
    expect(gate.concurrency).toBe(2);
    for (let i = 0; i < 9; i += 1) {
      const one = request(gate, 1);
      await clock.settle();
      one.granted[0]!.release({ kind: "success", nearLimit: false });
    }
    expect(gate.concurrency).toBe(4);
    expect(lines).toContain(
      "rate-limit: concurrency 2 → 3 after 3 successful requests",
    );
    // A failure that is not a 429 resets the run without cutting.
    const failed = request(gate, 1);
    await clock.settle();
    failed.granted[0]!.release({ kind: "other" });
    expect(gate.concurrency).toBe(4);
  });

  it("spaces request starts while the server says it is near its limit", async () => {
    const { gate, clock, lines } = setup(8, { nearLimitSpacingMs: 50 });
    const one = request(gate, 1);
    await clock.settle();
    one.granted[0]!.release({ kind: "success", nearLimit: true });
    expect(lines.at(-1)).toMatch(/near limit; spacing request starts 50ms/);
    await clock.advance(100);
    const t0 = clock.now();
    const many = request(gate, 3);
    await clock.settle();
    expect(many.granted).toHaveLength(1);
    await clock.advance(50);
    expect(many.granted).toHaveLength(2);
    await clock.advance(50);
    expect(many.granted.map((t) => t.startedAt - t0)).toEqual([0, 50, 100]);
    many.granted[0]!.release({ kind: "success", nearLimit: false });
    expect(lines.at(-1)).toBe(
      "rate-limit: no longer near the limit; spacing off",
    );
  });

  it("rejects a waiting acquisition with the signal's reason when aborted", async () => {
    const { gate, clock } = setup(1);
    const held = request(gate, 1);
    await clock.settle();
    const controller = new AbortController();
    const waiting = gate.acquire(controller.signal);
    const reason = new Error("stop");
    controller.abort(reason);
    await expect(waiting).rejects.toBe(reason);
    held.granted[0]!.release({ kind: "success", nearLimit: false });
    expect(gate.inFlight).toBe(0);
  });

  it("ignores a second release of the same ticket", async () => {
    const { gate, clock } = setup(2);
    const { granted } = request(gate, 2);
    await clock.settle();
    granted[0]!.release({ kind: "success", nearLimit: false });
    granted[0]!.release({ kind: "success", nearLimit: false });
    expect(gate.inFlight).toBe(1);
  });
});
