import { describe, expect, it } from "vitest";

import { READ_METHODS, readOnlyClient } from "../../src/api/index.js";
import type { CsmClient } from "../../src/api/types.js";

/** A client whose every method records its call, so a test can see what reached it. */
function recordingClient(calls: string[]): CsmClient {
  return new Proxy({ baseUrl: "http://127.0.0.1:1/api/" } as CsmClient, {
    get(target, key) {
      if (key === "baseUrl") return target.baseUrl;
      return (..._args: unknown[]) => {
        calls.push(String(key));
        return Promise.resolve([]);
      };
    },
  });
}

describe("readOnlyClient", () => {
  it("holds the read methods and nothing else", async () => {
    const calls: string[] = [];
    const reader = readOnlyClient(recordingClient(calls));
    expect(Object.keys(reader).sort()).toEqual(
      ["baseUrl", ...READ_METHODS].sort(),
    );
    expect("createOrganization" in reader).toBe(false);
    // @ts-expect-error a reader has no write method to call
    expect(reader.deleteOrganization).toBeUndefined();
    await reader.listDetailFields();
    await reader.fetchProfiles({ organizationNames: ["Acme"] });
    expect(calls).toEqual(["listDetailFields", "fetchProfiles"]);
  });
});
