import { describe, expect, it } from "vitest";

import { checkBaseUrl, resolveBaseUrl, siteHost } from "../../src/api/index.js";

const CLOUD = "a436116f-02ce-4520-8fbb-7301462a1674";

describe("resolveBaseUrl", () => {
  it("prefers an explicit base URL, then a cloud id, then a site", async () => {
    const lookups: string[] = [];
    const fetchTenantInfo = (url: string): Promise<unknown> => {
      lookups.push(url);
      return Promise.resolve({ cloudId: CLOUD });
    };
    expect(
      await resolveBaseUrl(
        { baseUrl: "http://127.0.0.1:4010/api/v1", cloudId: "x", site: "y" },
        { fetchTenantInfo },
      ),
    ).toBe("http://127.0.0.1:4010/api/v1/");
    expect(
      await resolveBaseUrl({ cloudId: CLOUD, site: "y" }, { fetchTenantInfo }),
    ).toBe(`https://api.atlassian.com/jsm/csm/cloudid/${CLOUD}/api/v1/`);
    expect(await resolveBaseUrl({ site: "acme" }, { fetchTenantInfo })).toBe(
      `https://api.atlassian.com/jsm/csm/cloudid/${CLOUD}/api/v1/`,
    );
    expect(lookups).toEqual(["https://acme.atlassian.net/_edge/tenant_info"]);
  });

  it("sends the site lookup to an overridden origin", async () => {
    const lookups: string[] = [];
    await resolveBaseUrl(
      { site: "https://acme.atlassian.net/" },
      {
        tenantInfoOrigin: "http://127.0.0.1:9",
        fetchTenantInfo: (url) => {
          lookups.push(url);
          return Promise.resolve({ cloudId: CLOUD });
        },
      },
    );
    expect(lookups).toEqual(["http://127.0.0.1:9/_edge/tenant_info"]);
  });

  it("fails clearly when the lookup fails or answers nonsense", async () => {
    await expect(
      resolveBaseUrl(
        { site: "acme" },
        { fetchTenantInfo: () => Promise.reject(new Error("boom")) },
      ),
    ).rejects.toMatchObject({
      code: "E_SITE_LOOKUP",
      message: expect.stringContaining("acme.atlassian.net"),
    });
    await expect(
      resolveBaseUrl(
        { site: "acme" },
        { fetchTenantInfo: () => Promise.resolve({ cloudId: "../../evil" }) },
      ),
    ).rejects.toMatchObject({ code: "E_SITE_LOOKUP" });
  });

  it("asks for a target when none is given", async () => {
    await expect(resolveBaseUrl({ baseUrl: " " })).rejects.toMatchObject({
      code: "E_USAGE",
      hint: expect.stringMatching(/ORGSYNC_BASE_URL.*ORGSYNC_CLOUD_ID.*--site/),
    });
  });

  it("refuses a cloud id that would change the path", async () => {
    await expect(resolveBaseUrl({ cloudId: "abc/../x" })).rejects.toMatchObject(
      {
        code: "E_USAGE",
      },
    );
  });
});

describe("checkBaseUrl", () => {
  it("refuses credentials in the URL without echoing them", () => {
    for (const url of [
      "https://user:SENTINEL-pw@proxy.example/api/v1/",
      "https://SENTINEL-pw@proxy.example/api/v1/",
    ]) {
      let message = "";
      try {
        checkBaseUrl(url);
      } catch (error) {
        message = `${(error as Error).message} ${(error as { hint?: string }).hint ?? ""} ${JSON.stringify(error)}`;
      }
      expect(message).toMatch(/carries credentials/);
      expect(message).not.toContain("SENTINEL");
    }
  });

  it("refuses other schemes, queries and fragments, and non-URLs", () => {
    expect(() => checkBaseUrl("ftp://x/")).toThrow(/http\(s\), not ftp/);
    expect(() => checkBaseUrl("http://x/api/v1/?a=1")).toThrow(/query/);
    expect(() => checkBaseUrl("http://x/api/v1/#f")).toThrow(/fragment/);
    expect(() => checkBaseUrl("not a url SENTINEL")).toThrow(
      expect.objectContaining({
        message: expect.not.stringContaining("SENTINEL") as unknown,
      }),
    );
  });
});

describe("siteHost", () => {
  it("accepts a name, a host or a URL", () => {
    expect(siteHost("acme")).toBe("acme.atlassian.net");
    expect(siteHost(" ACME.atlassian.net ")).toBe("acme.atlassian.net");
    expect(siteHost("https://acme.atlassian.net/")).toBe("acme.atlassian.net");
  });

  it("refuses anything that is not a plain host", () => {
    for (const site of [
      "acme.atlassian.net/evil",
      "user@acme.atlassian.net",
      "http://acme.atlassian.net/",
      "https://acme.atlassian.net/path",
      "https://acme.atlassian.net:8443/",
      "ac me",
      "",
    ])
      expect(() => siteHost(site), site).toThrow(/host name/);
  });
});
