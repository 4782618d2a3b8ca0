import { describe, expect, it } from "vitest";

import {
  API_VERSION,
  ENSURE_VALUES,
  MANIFEST_KEYS,
  MANIFEST_KINDS,
  manifestSchema,
} from "../../src/manifest/index.js";
import { FIELD_TYPE_NAMES, MAX_FIELD_OPTIONS } from "../../src/model/index.js";

/**
 * schema/orgsync.schema.json (what editors and the validator use) and the TypeScript model
 * (what the normaliser reads) describe one format. The compiler ties MANIFEST_KEYS to the
 * TypeScript types; these tests tie MANIFEST_KEYS and the registries to the schema.
 */
interface SchemaNode {
  $ref?: string;
  description?: string;
  properties?: Record<string, SchemaNode>;
  required?: string[];
  additionalProperties?: boolean | SchemaNode;
  items?: SchemaNode;
  enum?: unknown[];
  const?: unknown;
  [keyword: string]: unknown;
}

const schema = manifestSchema() as unknown as SchemaNode & {
  definitions: Record<string, SchemaNode>;
};

function resolve(node: SchemaNode): SchemaNode {
  if (!node.$ref) return node;
  const name = node.$ref.replace("#/definitions/", "");
  const target = schema.definitions[name];
  if (!target) throw new Error(`dangling $ref ${node.$ref}`);
  return resolve(target);
}

describe("the manifest schema and the TypeScript model", () => {
  it.each(Object.entries(MANIFEST_KEYS))(
    "%s: the schema's properties and required keys are the model's",
    (definition, spec) => {
      const node = schema.definitions[definition];
      expect(node, `schema definition ${definition}`).toBeDefined();
      expect(Object.keys(node!.properties ?? {}).sort()).toEqual(
        [...spec.keys].sort(),
      );
      expect([...(node!.required ?? [])].sort()).toEqual(
        [...spec.required].sort(),
      );
      expect(node!.additionalProperties).toBe(false);
    },
  );

  it("every object of the schema is described by MANIFEST_KEYS", () => {
    const objects = Object.entries(schema.definitions)
      .filter(
        ([, node]) => [node.type].flat().includes("object") && node.properties,
      )
      .map(([name]) => name)
      .sort();
    expect(objects).toEqual(Object.keys(MANIFEST_KEYS).sort());
  });

  it("the kinds, field types, ensure values and apiVersion come from the code's lists", () => {
    expect(schema.properties!.kind!.enum).toEqual([...MANIFEST_KINDS]);
    for (const kind of MANIFEST_KINDS) {
      expect(resolve(schema.definitions[kind]!.properties!.kind!).const).toBe(
        kind,
      );
    }
    expect(schema.definitions.DetailField!.properties!.type!.enum).toEqual([
      ...FIELD_TYPE_NAMES,
    ]);
    expect(
      (
        schema.definitions.DetailField!.properties!.options as {
          maxItems?: number;
        }
      ).maxItems,
    ).toBe(MAX_FIELD_OPTIONS);
    expect(resolve({ $ref: "#/definitions/ensure" }).enum).toEqual([
      ...ENSURE_VALUES,
    ]);
    expect(resolve(schema.properties!.apiVersion!).const).toBe(API_VERSION);
  });

  it("gives every property a description, for editors' hover help", () => {
    const missing: string[] = [];
    const visit = (node: SchemaNode, path: string): void => {
      for (const [name, property] of Object.entries(node.properties ?? {})) {
        if (!resolve(property).description && !property.description) {
          missing.push(`${path}.${name}`);
        }
      }
    };
    visit(schema, "(document)");
    for (const [name, node] of Object.entries(schema.definitions)) {
      visit(node, name);
    }
    expect(missing).toEqual([]);
  });
});
