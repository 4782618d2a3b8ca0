import { describe, expect, it } from "vitest";

import { serviceDeskBaseUrl } from "../../src/api/base-url.js";
import { UsageError } from "../../src/util/errors.js";

const CLOUD = "a436116f-02ce-4520-8fbb-7301462a1674";
const ATLASSIAN = `https://api.atlassian.com/jsm/csm/cloudid/${CLOUD}/api/v1/`;

describe("serviceDeskBaseUrl", () => {
  it("sends Basic auth with --site to the site itself", () => {
    expect(
      serviceDeskBaseUrl({
        csmBaseUrl: ATLASSIAN,
        auth: "basic",
        site: "acme",
      }),
    ).toBe("https://acme.atlassian.net/rest/servicedeskapi/");
  });

  it("sends a Bearer token to api.atlassian.com, even with --site", () => {
    for (const site of [undefined, "acme.atlassian.net"])
      expect(
        serviceDeskBaseUrl({ csmBaseUrl: ATLASSIAN, auth: "bearer", site }),
      ).toBe(`https://api.atlassian.com/ex/jira/${CLOUD}/rest/servicedeskapi/`);
  });

  it("maps any {origin}/jsm/csm/cloudid/{id}/api/v1/ root to {origin}/ex/jira/{id}/rest/servicedeskapi/", () => {
    expect(
      serviceDeskBaseUrl({
        csmBaseUrl: "http://127.0.0.1:4010/jsm/csm/cloudid/emu-1/api/v1/",
        auth: "basic",
      }),
    ).toBe("http://127.0.0.1:4010/ex/jira/emu-1/rest/servicedeskapi/");
  });

  it("derives nothing from a root of another form", () => {
    for (const csmBaseUrl of [
      "http://127.0.0.1:4010/api/v1/",
      "https://proxy.example.com/csm/",
      `https://api.atlassian.com/jsm/csm/cloudid/${CLOUD}/api/v2/`,
    ])
      expect(serviceDeskBaseUrl({ csmBaseUrl, auth: "bearer" })).toBe(
        undefined,
      );
  });

  it("lets the override win, checked like every base URL", () => {
    expect(
      serviceDeskBaseUrl({
        override: " https://sd.example.com/rest/servicedeskapi ",
        csmBaseUrl: ATLASSIAN,
        auth: "basic",
        site: "acme",
      }),
    ).toBe("https://sd.example.com/rest/servicedeskapi/");
    expect(() =>
      serviceDeskBaseUrl({
        override: "https://me:secret@sd.example.com/",
        csmBaseUrl: ATLASSIAN,
        auth: "bearer",
      }),
    ).toThrow(UsageError);
    expect(() =>
      serviceDeskBaseUrl({
        override: "not a url",
        csmBaseUrl: ATLASSIAN,
        auth: "bearer",
      }),
    ).toThrow(/--servicedesk-base-url \/ ORGSYNC_SERVICEDESK_BASE_URL/);
  });
});
