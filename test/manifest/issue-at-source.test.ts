import { describe, expect, it } from "vitest";

import { issueAtSource } from "../../src/manifest/index.js";
import { desiredOf, load } from "./helpers.js";

const ORGS = `apiVersion: orgsync/v1
kind: Organizations
organizations:
  - name: Acme
    products: [Widget, "Gizmo X"]
`;

describe("issueAtSource", () => {
  it("gives a problem found after loading its source line and a caret under the item", () => {
    const desired = desiredOf(load({ "o.yaml": ORGS }));
    const products = desired.organizations[0]?.products;
    const [widget, gizmo] = products?.itemSources ?? [];
    expect(widget).toEqual({ file: "o.yaml", line: 5, column: 16 });
    expect(
      issueAtSource(desired, widget!, { message: "no", found: "Widget" }),
    ).toMatchObject({
      line: 5,
      column: 16,
      sourceLine: '    products: [Widget, "Gizmo X"]',
      length: 6,
    });
    // A quoted item: the caret spans the quotes too.
    expect(
      issueAtSource(desired, gizmo!, { message: "no", found: "Gizmo X" }),
    ).toMatchObject({ column: 24, length: 9 });
  });

  it("is the file:line:col alone for a Desired not loaded from files", () => {
    const desired = { ...desiredOf(load({ "o.yaml": ORGS })) };
    const issue = issueAtSource(
      desired,
      { file: "o.yaml", line: 5, column: 16 },
      { message: "no", expected: "yes" },
    );
    expect(issue).toEqual({
      file: "o.yaml",
      line: 5,
      column: 16,
      document: 0,
      pointer: "",
      severity: "error",
      message: "no",
      expected: "yes",
    });
  });
});
