import { invalidProperty } from "../api-error.js";
import {
  bodyObject,
  nonBlankString,
  objectProperty,
  own,
  stringArray,
  typeName,
} from "../body-checks.js";
import type { FieldEntity } from "../field-set.js";
import { renderField, renderFieldAnswer } from "../render.js";
import type { Route } from "../route.js";

/** The type a field edit body names, if it names one (it may not change). */
function editedType(
  body: Readonly<Record<string, unknown>>,
): string | undefined {
  const type = own(body, "type");
  if (type === undefined || type === null) return undefined;
  if (typeof type === "string") return type;
  if (typeof type === "object" && !Array.isArray(type)) {
    const name = own(type as Record<string, unknown>, "name");
    if (typeof name === "string") return name;
  }
  throw invalidProperty("type", `must be a type name, found ${typeName(type)}`);
}

/** The detail field definitions of one entity: the same contract for each. */
const fieldRoutes = (entity: FieldEntity): Route[] => [
  {
    method: "GET",
    pattern: [entity, "details"],
    experimental: false,
    write: false,
    handle: ({ state }) => ({
      status: 200,
      body: {
        results: [...state.detailFields[entity].fields.values()].map(
          renderField,
        ),
      },
    }),
  },
  {
    method: "POST",
    pattern: [entity, "details"],
    experimental: false,
    write: true,
    handle: ({ state, body }) => {
      const object = bodyObject(body);
      const name = nonBlankString(object, "name");
      const type = objectProperty(object, "type", "type", true)!;
      const typeName = nonBlankString(type, "name", "type.name");
      const options = stringArray(type, "options", {
        path: "type.options",
        nonBlank: true,
      });
      const field = state.detailFields[entity].create(name, typeName, options);
      return { status: 200, body: renderFieldAnswer(field) };
    },
  },
  {
    method: "PUT",
    pattern: [entity, "details", ":"],
    experimental: false,
    write: true,
    handle: ({ state, params, body }) => {
      const object = bodyObject(body);
      const name = nonBlankString(object, "name");
      const options = stringArray(object, "options", { nonBlank: true });
      const type = editedType(object);
      const field = state.detailFields[entity].edit(params[0]!, {
        name,
        ...(options === undefined ? {} : { options }),
        ...(type === undefined ? {} : { type }),
      });
      return { status: 200, body: renderFieldAnswer(field) };
    },
  },
  {
    method: "DELETE",
    pattern: [entity, "details", ":"],
    experimental: false,
    write: true,
    handle: ({ state, params }) => {
      state.detailFields[entity].delete(params[0]!);
      return { status: 204 };
    },
  },
];

/** Detail field definitions of organizations, entitlements and customers. */
export const FIELD_ROUTES: readonly Route[] = [
  ...fieldRoutes("organization"),
  ...fieldRoutes("entitlement"),
  ...fieldRoutes("customer"),
];
