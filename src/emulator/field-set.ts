import type { ApiError } from "./api-error.js";
import { badRequest, invalidProperty, notFound } from "./api-error.js";
import {
  checkDetailValues,
  checkFieldDefinition,
  checkOptions,
  cleanName,
  MAX_FIELDS,
  nameKey,
} from "./site-rules.js";

/** The entities that have detail fields, each with its own name space and limit. */
export type FieldEntity = "organization" | "entitlement" | "customer";

export interface FieldRecord {
  readonly id: string;
  name: string;
  readonly type: string;
  options: string[] | undefined;
  /** 1-based place in the field list. */
  position: number;
}

/** What holds detail values: an organization or an entitlement. */
export interface ValueHolder {
  /** Values by field id, so a field rename keeps them. */
  readonly values: Map<string, string[]>;
}

export const conflict = (path: string, what: string, name: string): ApiError =>
  invalidProperty(path, `${what} named "${cleanName(name)}" already exists`);

/**
 * The detail fields of one entity (`GET|POST {entity}/details`, `PUT|DELETE
 * {entity}/details/{fieldName}`) and the values stored under them. Each field knows which
 * holders have a value for it, so deleting a field or narrowing its options costs what it
 * touches. Every operation checks before it changes anything.
 */
export class FieldSet {
  readonly fields = new Map<string, FieldRecord>();
  private readonly fieldsByKey = new Map<string, FieldRecord>();
  /** For each field id, the holders with a value for it. */
  private readonly holders = new Map<string, Set<ValueHolder>>();

  /** `newId(given)` checks a given id is free across the site, or makes a new one. */
  constructor(
    readonly entity: FieldEntity,
    private readonly newId: (given: string | undefined) => string,
  ) {}

  byName(name: string): FieldRecord | undefined {
    return this.fieldsByKey.get(nameKey(name));
  }

  require(name: string): FieldRecord {
    const field = this.byName(name);
    if (!field) {
      throw notFound(`No ${this.entity} detail field named "${name}".`);
    }
    return field;
  }

  create(
    name: string,
    typeName: string,
    options: readonly string[] | undefined,
    id?: string,
  ): FieldRecord {
    if (this.fieldsByKey.has(nameKey(name))) {
      throw conflict("name", "A detail field", name);
    }
    if (this.fields.size >= MAX_FIELDS) {
      throw badRequest(
        `A site can have at most ${MAX_FIELDS} ${this.entity} detail fields; delete one first.`,
      );
    }
    const checked = checkFieldDefinition(typeName, options, {
      type: "type.name",
      options: "type.options",
    });
    const field: FieldRecord = {
      id: this.newId(id),
      name: cleanName(name),
      type: typeName,
      options: checked,
      position: this.fields.size + 1,
    };
    this.fields.set(field.id, field);
    this.fieldsByKey.set(nameKey(name), field);
    return field;
  }

  /** PUT {entity}/details/{fieldName}: rename and/or new options; the type cannot change. */
  edit(
    currentName: string,
    edit: { name: string; options?: readonly string[]; type?: string },
  ): FieldRecord {
    const field = this.require(currentName);
    if (edit.type !== undefined && edit.type !== field.type) {
      throw invalidProperty(
        "type",
        `the type of a detail field cannot be changed (it is ${field.type}); delete the field and create it again`,
      );
    }
    const newKey = nameKey(edit.name);
    const owner = this.fieldsByKey.get(newKey);
    if (owner && owner !== field) {
      throw conflict("name", "A detail field", edit.name);
    }
    const options =
      edit.options === undefined
        ? field.options
        : checkOptions(field.type, edit.options, "options");
    this.fieldsByKey.delete(nameKey(field.name));
    field.name = cleanName(edit.name);
    this.fieldsByKey.set(newKey, field);
    if (options !== field.options) {
      field.options = options;
      this.dropValuesOutside(field);
    }
    return field;
  }

  /** DELETE {entity}/details/{fieldName}: the field and every value stored under it. */
  delete(name: string): void {
    const field = this.require(name);
    for (const holder of this.holders.get(field.id) ?? []) {
      holder.values.delete(field.id);
    }
    this.holders.delete(field.id);
    this.fields.delete(field.id);
    this.fieldsByKey.delete(nameKey(field.name));
    let position = 1;
    for (const each of this.fields.values()) each.position = position++;
  }

  /** After an options edit: values no longer among the options are removed. */
  private dropValuesOutside(field: FieldRecord): void {
    const allowed = new Set(field.options ?? []);
    const holders = this.holders.get(field.id);
    if (!holders || !field.options) return;
    for (const holder of [...holders]) {
      const kept = (holder.values.get(field.id) ?? []).filter((value) =>
        allowed.has(value),
      );
      this.store(holder, field, kept);
    }
  }

  /** PUT {entity}/{id}/details?fieldName=F; an empty list clears the value. */
  setValues(
    holder: ValueHolder,
    fieldName: string,
    values: readonly string[],
  ): { field: FieldRecord; values: string[] } {
    const field = this.require(fieldName);
    checkDetailValues(field, values, "values");
    this.store(holder, field, [...values]);
    return { field, values: [...values] };
  }

  /** Stores checked values (an empty list clears them), keeping the holder index right. */
  store(holder: ValueHolder, field: FieldRecord, values: string[]): void {
    let holders = this.holders.get(field.id);
    if (values.length === 0) {
      holder.values.delete(field.id);
      holders?.delete(holder);
      return;
    }
    holder.values.set(field.id, values);
    if (!holders) this.holders.set(field.id, (holders = new Set()));
    holders.add(holder);
  }

  /** A deleted holder leaves the index (its values go with it). */
  forget(holder: ValueHolder): void {
    for (const fieldId of holder.values.keys()) {
      this.holders.get(fieldId)?.delete(holder);
    }
  }

  /** The fields a holder has values for, in field order. */
  held(holder: ValueHolder): { field: FieldRecord; values: string[] }[] {
    const held: { field: FieldRecord; values: string[] }[] = [];
    for (const field of this.fields.values()) {
      const values = holder.values.get(field.id);
      if (values) held.push({ field, values });
    }
    return held;
  }
}
