/**
 * Issue 15, item 8: connection errors that say what to do, through the real CLI against the
 * emulator (a wrong token, a base URL with a wrong path, a site that refuses writes).
 */
import { afterEach, describe, expect, it } from "vitest";

import { createClient } from "../../src/api/create-client.js";
import { BASE_URL_FORM } from "../../src/api/errors.js";
import { startCliRig, TOKEN, type CliRig } from "./helpers/cli-rig.js";

const MANIFESTS = {
  "orgsync/fields.yaml": `apiVersion: orgsync/v1
kind: DetailFields
prune: true
fields:
  - name: Region
    type: SELECT
    options: [EU, US]
---
apiVersion: orgsync/v1
kind: Organization
name: Acme
details: { Region: EU }
`,
};

const lastLine = (text: string): string => text.trimEnd().split("\n").at(-1)!;

describe("connection errors (issue 15, item 8)", () => {
  let rig: CliRig;
  afterEach(() => rig.close());

  it("a wrong token: a readable 401 naming the credential variables, nothing written", async () => {
    rig = await startCliRig({}, MANIFESTS);
    const run = await rig.run(["apply", "--auto-approve"], {
      env: { ORGSYNC_TOKEN: "not-the-right-token-0000" },
    });
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(
      "error: the site did not accept the credentials: GET organization/details answered 401 Unauthorized (the site said: Client must be authenticated to access this resource: send a Bearer token or Basic credentials in the Authorization header.)\n",
    );
    expect(run.stderr).toMatch(
      /^hint: authentication failed: check ORGSYNC_TOKEN/m,
    );
    expect(run.stderr).not.toMatch(
      /[{}]|\[redacted\]|expected a success|\n {4}at /,
    );
    expect(rig.writes()).toEqual([]);
  });

  it("a base URL with a wrong path: the 404 shows the URL called and the expected form", async () => {
    rig = await startCliRig({}, MANIFESTS);
    const wrong = rig.emu.baseUrl.replace(/api\/v1\/?$/, "api/v2/");
    const run = await rig.run(["plan"], { env: { ORGSYNC_BASE_URL: wrong } });
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(
      `answered 404 Not Found (the site said: No API call GET ${new URL(wrong).pathname}organization/details.); the URL called was ${wrong}organization/details\n`,
    );
    expect(run.stderr).toContain(
      `hint: the first call to the API root found nothing there: the base URL must have the form ${BASE_URL_FORM} (check --base-url / ORGSYNC_BASE_URL, or give --cloud-id / --site instead)\n`,
    );
  });

  it("a 404 after the API root answered is about the object, not the base URL", async () => {
    rig = await startCliRig({}, MANIFESTS);
    const client = createClient({
      baseUrl: rig.emu.baseUrl,
      auth: { kind: "bearer", token: TOKEN },
    });
    await client.listDetailFields();
    const error = await client
      .getOrganization("424242")
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ status: 404, url: undefined });
    expect((error as Error & { hint: string }).hint).toMatch(
      /^not found: the object may have been deleted/,
    );
  });

  it("a site that refuses writes (403): the permission needed, no 'run apply again', the last line says it failed", async () => {
    rig = await startCliRig(
      { fields: [{ name: "Legacy", type: "TEXT" }] },
      MANIFESTS,
      { readOnly: true },
    );
    const run = await rig.run(["apply", "--auto-approve", "--allow-delete"]);
    expect(run.code).toBe(1);
    expect(run.stdout).toContain(
      "answered 403 Forbidden (the site said: The emulator is read-only: this call would change the site.)",
    );
    expect(run.stdout).toContain(
      "  hint: changes need a JSM agent or admin account (deletes need a Jira admin: Administer Jira); check the account the token belongs to\n",
    );
    expect(run.stdout).toContain(
      "  hint: deletes need a Jira admin (the Administer Jira global permission); ask one, or run with an admin's token\n",
    );
    expect(run.stdout).not.toContain("again to finish");
    expect(run.stdout).toContain(
      "running apply again fails the same way until that is fixed",
    );
    expect(lastLine(run.stdout)).toMatch(
      /^Apply failed: 0 applied, \d+ failed, \d+ skipped\.$/,
    );
    expect(run.stdout).not.toContain("Apply complete");
  });

  it("a failure that passes (500) still says run apply again to finish, and the last line says it failed", async () => {
    rig = await startCliRig({}, MANIFESTS);
    rig.emu.control.configure({
      faults: {
        rate: 1,
        kinds: ["500"],
        methods: ["POST"],
        pathIncludes: "organization/details",
      },
    });
    const run = await rig.run([
      "apply",
      "--auto-approve",
      "--concurrency",
      "1",
    ]);
    expect(run.code).toBe(1);
    expect(run.stdout).toContain("again to finish");
    expect(lastLine(run.stdout)).toMatch(/^Apply failed: /);
  });
});
