/**
 * runDoctor as a library, over real HTTP: the cloud id looked up for `--site`, and the read
 * checks judged one by one (a failure of one does not stop the others), against the
 * emulator and against a scripted server for the answers the emulator never gives.
 */
import { afterEach, describe, expect, it } from "vitest";

import {
  createClient,
  loadCredentials,
  resolveBaseUrl,
  type CsmReader,
} from "../../src/api/index.js";
import { runDoctor, type DoctorInput } from "../../src/doctor/index.js";
import {
  startEmulator,
  type RunningEmulator,
} from "../../src/emulator/index.js";
import { startScriptedServer } from "../api/helpers/scripted-server.js";

const credentials = () =>
  loadCredentials({
    env: { ORGSYNC_TOKEN: "doctor-test-token-1234" },
    readFile: () => "",
  });

/** A client of `baseUrl` whose requests go to `origin` instead (a stand-in for a proxy). */
const connectVia =
  (origin?: string): DoctorInput["connect"] =>
  (o): CsmReader =>
    createClient({
      baseUrl:
        origin === undefined
          ? o.baseUrl
          : new URL(new URL(o.baseUrl).pathname, origin).href,
      auth: o.credentials,
      onExchange: o.onExchange,
      experimentalHeader: o.experimentalHeader,
      retry: { maxAttempts: 1 },
    });

let emu: RunningEmulator | undefined;
let closeServer: (() => Promise<void>) | undefined;
afterEach(async () => {
  await emu?.close();
  await closeServer?.();
  emu = closeServer = undefined;
});

describe("runDoctor", () => {
  it("looks up the cloud id for --site and checks that site", async () => {
    emu = await startEmulator({ quiet: true, cloudId: "site-cloud-id-42" });
    const report = await runDoctor({
      credentials,
      site: "acme.atlassian.net",
      baseUrl: () =>
        resolveBaseUrl({ site: "acme" }, { tenantInfoOrigin: emu!.origin }),
      connect: connectVia(emu.origin),
    });
    expect(report.ok).toBe(true);
    expect(report.baseUrl).toBe(
      "https://api.atlassian.com/jsm/csm/cloudid/site-cloud-id-42/api/v1/",
    );
    expect(report.checks.find((c) => c.id === "site")?.message).toMatch(
      /^cloud id site-cloud-id-42 looked up from acme\.atlassian\.net/,
    );
    const paths = emu.control
      .requests()
      .map((r) => r.path)
      .filter((path) => path !== "/_edge/tenant_info");
    expect(paths.length).toBeGreaterThan(0);
    for (const path of paths)
      expect(path).toMatch(/\/cloudid\/site-cloud-id-42\//);
  });

  it("names the site lookup that failed, and still checks the credentials", async () => {
    emu = await startEmulator({ quiet: true });
    const origin = emu.origin;
    await emu.close();
    emu = undefined;
    const report = await runDoctor({
      credentials,
      site: "acme.atlassian.net",
      baseUrl: () =>
        resolveBaseUrl({ site: "acme" }, { tenantInfoOrigin: origin }),
      connect: connectVia(),
    });
    expect(report.ok).toBe(false);
    expect(report.checks.map((c) => [c.id, c.status])).toEqual([
      ["credentials", "ok"],
      ["site", "fail"],
      ["connection", "skip"],
      ["authentication", "skip"],
      ["detail-fields", "skip"],
      ["products", "skip"],
      ["profiles", "skip"],
      ["experimental-header", "skip"],
      ["rate-limit", "skip"],
      ["clock", "skip"],
    ]);
    expect(report.checks[1]).toMatchObject({
      message: expect.stringMatching(
        /could not look up the cloud id of acme\.atlassian\.net/,
      ),
      fix: expect.stringMatching(/--cloud-id/),
    });
  });

  it("judges each read on its own: a product page it cannot read fails alone", async () => {
    const server = await startScriptedServer([
      { status: 200, body: { results: [] } },
      { status: 200, body: { items: [] } },
      { status: 200, body: { profiles: [] } },
      { status: 200, body: { profiles: [] } },
    ]);
    closeServer = () => server.close();
    const report = await runDoctor({
      credentials,
      baseUrl: () => Promise.resolve(server.baseUrl),
      connect: connectVia(),
    });
    expect(report.ok).toBe(false);
    const byId = Object.fromEntries(report.checks.map((c) => [c.id, c]));
    expect(byId.products).toMatchObject({
      status: "fail",
      message: expect.stringMatching(
        /GET product\?limit=100 answered an unexpected shape/,
      ),
    });
    expect(byId["detail-fields"]?.status).toBe("ok");
    expect(byId.profiles?.status).toBe("ok");
    expect(byId["experimental-header"]).toMatchObject({
      status: "info",
      message: expect.stringMatching(/^not needed: /),
    });
    expect(byId.clock?.status).toBe("ok");
    expect(server.seen.map((r) => r.method)).toEqual([
      "GET",
      "GET",
      "POST",
      "POST",
    ]);
    expect(server.seen[2]?.headers["x-experimentalapi"]).toBe("opt-in");
    expect(server.seen[3]?.headers["x-experimentalapi"]).toBeUndefined();
  });

  it("reports a detail-field list it cannot read, and goes on to the other reads", async () => {
    const server = await startScriptedServer([
      { status: 200, body: { fields: [] } },
      { status: 200, body: { products: [], results: [] } },
      { status: 200, body: { profiles: [] } },
      { status: 412, body: { errorMessage: "experimental" } },
    ]);
    closeServer = () => server.close();
    const report = await runDoctor({
      credentials,
      baseUrl: () => Promise.resolve(server.baseUrl),
      connect: connectVia(),
    });
    const byId = Object.fromEntries(report.checks.map((c) => [c.id, c]));
    expect(byId["detail-fields"]).toMatchObject({
      status: "fail",
      message: expect.stringMatching(/at \/results/),
    });
    expect(byId.authentication?.status).toBe("ok");
    expect(byId.products?.status).toBe("ok");
    expect(byId.profiles?.status).toBe("ok");
    expect(byId["experimental-header"]?.message).toMatch(/^needed: /);
    expect(report.ok).toBe(false);
  });
});
