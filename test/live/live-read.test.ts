/**
 * The read that starts while the manifests load (`startLiveRead`), against an in-memory
 * reader that answers when the test says: batches of 25 across `addNames` calls, and what
 * `abandon` does to the reads in flight and to those not yet started.
 */
import { describe, expect, it } from "vitest";

import type {
  ApiProfile,
  CallOptions,
  CsmReader,
} from "../../src/api/types.js";
import { startLiveRead } from "../../src/live/index.js";
import type { Desired } from "../../src/model/index.js";

interface Call {
  readonly method: "listDetailFields" | "fetchProfiles";
  readonly names: readonly string[];
  readonly signal: AbortSignal | undefined;
  readonly answer: () => void;
}

/** A reader whose calls wait until the test answers them (or their signal aborts them). */
function heldReader(): { reader: CsmReader; calls: Call[] } {
  const calls: Call[] = [];
  const held = <T>(
    method: Call["method"],
    names: readonly string[],
    options: CallOptions | undefined,
    value: T,
  ): Promise<T> =>
    new Promise<T>((resolve, reject) => {
      options?.signal?.addEventListener("abort", () =>
        reject(new Error("aborted")),
      );
      calls.push({
        method,
        names,
        signal: options?.signal,
        answer: () => resolve(value),
      });
    });
  const unused = (): never => {
    throw new Error("not read by a plan without products");
  };
  const reader: CsmReader = {
    baseUrl: "memory:",
    listDetailFields: (options) => held("listDetailFields", [], options, []),
    fetchProfiles: (query, options) =>
      held(
        "fetchProfiles",
        query.organizationNames ?? [],
        options,
        (query.organizationNames ?? []).map((name): ApiProfile => ({
          id: `id-${name}`,
          name,
          details: [],
          entitlements: [],
          customers: [],
        })),
      ),
    getOrganization: unused,
    fetchOrganizations: unused,
    getProfile: unused,
    listEntitlements: unused,
    listProducts: unused,
  };
  return { reader, calls };
}

const names = (from: number, to: number): string[] =>
  Array.from({ length: to - from }, (_, i) => `Org ${from + i}`);

function desiredOf(organizationNames: readonly string[]): Desired {
  const source = { file: "orgs.yaml", line: 1, column: 1 };
  return {
    fields: { declared: false, prune: false, items: [] },
    organizations: organizationNames.map((name) => ({
      name,
      previousNames: [],
      ensure: "present",
      details: [],
      pruneProducts: false,
      source,
    })),
  };
}

const settle = (): Promise<void> => new Promise((r) => setTimeout(r, 0));

describe("startLiveRead", () => {
  it("reads the field list at once and fetches profiles 25 names a call as names come, across calls", async () => {
    const { reader, calls } = heldReader();
    const reading = startLiveRead(reader, { concurrency: 8 });
    await settle();
    expect(calls.map((c) => c.method)).toEqual(["listDetailFields"]);

    reading.addNames(names(0, 10)); // a first file: no full batch yet
    reading.addNames([" org 3 ", "Org 9"]); // the same names again, as spelt elsewhere
    await settle();
    expect(calls).toHaveLength(1);
    reading.addNames(names(10, 30)); // a second file fills the first batch
    await settle();
    expect(calls.map((c) => c.names)).toEqual([[], names(0, 25)]);

    const live = reading.finish(desiredOf(names(0, 30)));
    await settle();
    expect(calls.map((c) => c.names)).toEqual([
      [],
      names(0, 25),
      names(25, 30),
    ]);
    for (const call of calls) call.answer();
    expect((await live).organizations.map((o) => o.name)).toEqual(names(0, 30));
  });

  it("abandon aborts the reads in flight and starts no other", async () => {
    const { reader, calls } = heldReader();
    const reading = startLiveRead(reader, { concurrency: 2 });
    reading.addNames(names(0, 100)); // 4 batches: 1 in flight beside the field list, 3 queued
    await settle();
    expect(calls).toHaveLength(2);

    reading.abandon();
    expect(calls.every((c) => c.signal?.aborted === true)).toBe(true);
    reading.addNames(names(100, 150));
    await settle();
    expect(calls).toHaveLength(2);
    await expect(reading.finish(desiredOf(names(0, 150)))).rejects.toThrow();
    expect(calls).toHaveLength(2);
  });

  it("waits for a client still connecting, and reports a failed connection from finish", async () => {
    const { reader, calls } = heldReader();
    let connect: (client: CsmReader) => void = () => undefined;
    const reading = startLiveRead(
      new Promise<CsmReader>((resolve) => (connect = resolve)),
    );
    reading.addNames(names(0, 25));
    await settle();
    expect(calls).toHaveLength(0);
    connect(reader);
    await settle();
    expect(calls.map((c) => c.method)).toEqual([
      "listDetailFields",
      "fetchProfiles",
    ]);

    const failed = startLiveRead(Promise.reject(new Error("no token")));
    failed.addNames(names(0, 25));
    await expect(failed.finish(desiredOf(names(0, 25)))).rejects.toThrow(
      "no token",
    );
  });
});
