import { describe, expect, it } from "vitest";

import { desiredOf, errorsOf, expectOneError, load } from "./helpers.js";

const orgs = (body: string, top = "") =>
  `apiVersion: orgsync/v1\nkind: Organizations\n${top}organizations:\n${body}`;

describe("organization ids and pruneOrganizations in manifests", () => {
  it("reads an id written as a YAML number as its digits (no leading zeros), and a string as itself", () => {
    const desired = desiredOf(
      load({
        "a.yaml": orgs(
          '  - { name: Acme, id: 010234 }\n  - { name: Globex, id: " 77 " }\n  - name: Initech\n',
        ),
        "b.yaml":
          "apiVersion: orgsync/v1\nkind: Organization\nname: Old Co\nid: 5\nensure: absent\n",
      }),
    );
    expect(desired.organizations.map((o) => o.id)).toEqual([
      "10234",
      "77",
      undefined,
      "5",
    ]);
    expect(desired.pruneOrganizations).toBeUndefined();
  });

  it("refuses the same id twice, at the second", () => {
    const result = load({
      "a.yaml": orgs("  - { name: Acme, id: 10 }\n"),
      "b.yaml": orgs("  - { name: Globex, id: '10' }\n"),
    });
    expectOneError(
      result,
      "4:25",
      /id 10 of organization "Globex" is declared twice \(first at a\.yaml:4:23\)/,
    );
  });

  it("refuses an id that is not digits, and an id in defaults", () => {
    expectOneError(
      load({ "a.yaml": orgs("  - { name: Acme, id: 0x1A }\n") }),
      "4:23",
      'the id of organization "Acme" is not an organization id',
    );
    expect(
      errorsOf(load({ "a.yaml": orgs("  - { name: Acme, id: ab12 }\n") })),
    ).toHaveLength(1);
    expectOneError(
      load({
        "a.yaml": orgs("  - name: Acme\n", "defaults:\n  id: 10\n"),
      }),
      "4:3",
      'unknown key "id"',
    );
  });

  it("takes pruneOrganizations from Organizations documents, which must agree", () => {
    const desired = desiredOf(
      load({
        "a.yaml": orgs("  - name: Acme\n", "pruneOrganizations: true\n"),
        "b.yaml": orgs("  - name: Globex\n"),
      }),
    );
    expect(desired.pruneOrganizations).toEqual({
      prune: true,
      source: expect.objectContaining({ file: "a.yaml", line: 3 }),
    });
    expectOneError(
      load({
        "a.yaml": orgs("  - name: Acme\n", "pruneOrganizations: true\n"),
        "b.yaml": orgs("  - name: Globex\n", "pruneOrganizations: false\n"),
      }),
      "3:21",
      "pruneOrganizations: false disagrees with pruneOrganizations: true at a.yaml:3:21",
    );
  });
});
