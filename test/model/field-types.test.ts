import { describe, expect, it } from "vitest";

import {
  FIELD_TYPE_NAMES,
  checkFieldValues,
  findFieldType,
  lookupFieldType,
  sameValues,
} from "../../src/model/index.js";

const type = (name: string) => {
  const found = findFieldType(name);
  if (!found) throw new Error(`no type ${name}`);
  return found;
};

describe("field-type registry", () => {
  it("knows the confirmed and the unconfirmed types", () => {
    expect(FIELD_TYPE_NAMES).toEqual([
      "TEXT",
      "SELECT",
      "MULTISELECT",
      "DATE",
      "EMAIL",
      "PHONE",
      "NUMBER",
      "URL",
    ]);
    expect(type("NUMBER").confirmed).toBe(false);
    expect(type("SELECT").confirmed).toBe(true);
  });

  it("treats a type it does not know as opaque text instead of failing", () => {
    const unknown = lookupFieldType("HOLOGRAM");
    expect(unknown.name).toBe("HOLOGRAM");
    expect(
      checkFieldValues(unknown, undefined, ["anything", "at all"]),
    ).toEqual([]);
    expect(sameValues(unknown, ["a", "b"], ["b", "a"])).toBe(false);
  });

  it("takes exactly one option for SELECT and any options for MULTISELECT", () => {
    const options = ["AU", "EU", "US"];
    expect(checkFieldValues(type("SELECT"), options, ["EU"])).toEqual([]);
    expect(checkFieldValues(type("SELECT"), options, ["EU", "US"])).toEqual([
      "SELECT field takes one value, found 2",
    ]);
    expect(checkFieldValues(type("SELECT"), options, ["APAC"])).toEqual([
      '"APAC" is not an option of this field; expected one of: AU, EU, US',
    ]);
    expect(
      checkFieldValues(type("MULTISELECT"), options, ["EU", "US"]),
    ).toEqual([]);
    expect(
      checkFieldValues(type("MULTISELECT"), options, ["EU", "EU"]),
    ).toEqual(['"EU" is listed twice']);
  });

  it("allows an empty list, which clears the field", () => {
    for (const name of FIELD_TYPE_NAMES) {
      expect(checkFieldValues(type(name), ["A"], [])).toEqual([]);
    }
  });

  it("accepts only real dates written YYYY-MM-DD", () => {
    const date = type("DATE");
    expect(date.accepts("2027-01-31")).toBe(true);
    expect(date.accepts("2028-02-29")).toBe(true);
    expect(date.accepts("2027-02-29")).toBe(false);
    expect(date.accepts("2027-13-01")).toBe(false);
    expect(date.accepts("31/01/2027")).toBe(false);
    expect(date.normalize("2027-01-31T00:00:00Z")).toBe("2027-01-31");
  });

  it("checks email, phone, number, url and boolean values", () => {
    expect(type("EMAIL").accepts("ann@example.com")).toBe(true);
    expect(type("EMAIL").accepts("ann.example.com")).toBe(false);
    expect(type("EMAIL").normalize("Ann@Example.COM")).toBe("Ann@example.com");
    expect(type("PHONE").accepts("+61 2 9262 1443")).toBe(true);
    expect(type("PHONE").accepts("call me")).toBe(false);
    expect(type("NUMBER").accepts("3.50")).toBe(true);
    expect(type("NUMBER").accepts("1e400")).toBe(false);
    expect(type("NUMBER").normalize("3.50")).toBe("3.5");
    expect(type("URL").accepts("https://acme.example")).toBe(true);
    expect(type("URL").accepts("javascript:alert(1)")).toBe(false);
  });

  it("compares MULTISELECT values as a set and other types in order", () => {
    expect(sameValues(type("MULTISELECT"), ["EU", "US"], ["US", "EU"])).toBe(
      true,
    );
    expect(sameValues(type("TEXT"), ["a"], ["a "])).toBe(true);
    expect(
      sameValues(type("DATE"), ["2027-01-31"], ["2027-01-31T00:00:00.000Z"]),
    ).toBe(true);
    expect(sameValues(type("SELECT"), ["EU"], ["US"])).toBe(false);
  });
});
