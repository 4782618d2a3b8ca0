import { describe, expect, it } from "vitest";

import { parseManifest } from "../../src/manifest/index.js";
import { desiredOf, errorsOf, load, organization } from "./helpers.js";

/** `__proto__`, `constructor` and `prototype` are just text, wherever they appear. */
describe("prototype keys", () => {
  const polluted = () => ({}) as Record<string, unknown>;

  it("are unknown keys where the format fixes the keys, and pollute nothing", () => {
    const result = load({
      "o.yaml": organization(
        "Acme",
        "__proto__: { polluted: true }\nconstructor: { prototype: { polluted: true } }\n",
      ),
    });
    expect(errorsOf(result).map((issue) => issue.message)).toEqual([
      'unknown key "__proto__"',
      'unknown key "constructor"',
    ]);
    expect(polluted().polluted).toBeUndefined();
    expect(Object.prototype).not.toHaveProperty("polluted");
  });

  it("are ordinary data as field names, detail keys and values", () => {
    const desired = desiredOf(
      load({
        "f.yaml":
          "apiVersion: orgsync/v1\nkind: DetailFields\nfields:\n  - { name: __proto__, type: TEXT }\n  - { name: constructor, type: SELECT, options: [prototype, toString] }\n",
        "o.yaml": organization(
          "__proto__",
          "details:\n  __proto__: '{\"polluted\": true}'\n  constructor: prototype\n",
        ),
      }),
    );
    expect(desired.fields.items.map((field) => field.name)).toEqual([
      "__proto__",
      "constructor",
    ]);
    expect(desired.organizations[0]).toMatchObject({
      name: "__proto__",
      details: [
        { name: "__proto__", values: ['{"polluted": true}'] },
        { name: "constructor", values: ["prototype"] },
      ],
    });
    expect(polluted().polluted).toBeUndefined();
  });

  it("are rejected as undeclared detail keys when fields are declared without them", () => {
    const result = load({
      "f.yaml":
        "apiVersion: orgsync/v1\nkind: DetailFields\nfields:\n  - { name: Region, type: TEXT }\n",
      "o.yaml": organization(
        "Acme",
        "details:\n  constructor: x\n  toString: y\n  hasOwnProperty: z\n",
      ),
    });
    expect(errorsOf(result).map((issue) => issue.message)).toEqual([
      '"constructor" is not a declared detail field',
      '"toString" is not a declared detail field',
      '"hasOwnProperty" is not a declared detail field',
    ]);
  });

  it("become own properties of null-prototype objects when parsed", () => {
    const doc = parseManifest("__proto__: { a: 1 }\n", "p.yaml").documents[0]!;
    const value = doc.value as Record<string, unknown>;
    expect(Object.getPrototypeOf(value)).toBeNull();
    expect(Object.keys(value)).toEqual(["__proto__"]);
    expect(Object.getPrototypeOf(value.__proto__ as object)).toBeNull();
  });
});
