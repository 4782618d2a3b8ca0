/**
 * Planning detail field definitions and binding organizations' detail keys to them.
 * Over 300 lines on purpose: `planFields` is one pass whose steps (match by name, by a
 * previous name, create, replace, prune) share the maps of what is taken and bound, and its
 * order is the rule docs/plan.md states; cut apart, those maps would have to travel between files.
 */
import { fieldAddress } from "../model/address.js";
import type { DetailEntity } from "../model/entity.js";
import type { DesiredField, DesiredFields } from "../model/desired.js";
import { fieldDigest } from "../model/digest.js";
import {
  lookupFieldType,
  MAX_DETAIL_FIELDS,
  sameList,
  type FieldType,
} from "../model/field-types.js";
import type { LiveDetail, LiveField } from "../model/live.js";
import { indexByName, nameKey } from "../model/names.js";
import { findPredefinedField } from "../model/predefined-fields.js";
import { formatLocation } from "../model/source.js";
import { countHolders, describeHolders } from "./count-holders.js";
import type { PlanInputProblem } from "./plan-input-error.js";
import type { FieldChange, FieldState } from "./types.js";

/** The field a detail key of an organization sets, as this plan leaves it. */
export interface FieldBinding {
  /** The name to send and to show: the desired name (after any rename), else the live name. */
  readonly name: string;
  /** The type values are compared with: the desired type when fields are declared. */
  readonly type: FieldType;
  /**
   * The live field whose stored values are this field's values now (until a replace wipes
   * them); absent for a create.
   */
  readonly liveName?: string;
  /** `nameKey(liveName)`, computed once. */
  readonly liveKey?: string;
  /** True when this plan replaces the field, deleting every stored value first. */
  readonly wiped: boolean;
  /** The address of this field's own change in the plan, if it has one. */
  readonly changeAddress?: string;
  /**
   * The options this plan adds to the field. A value change depends on an options update
   * only when it uses one of them; on a create, rename or replace it always does.
   */
  readonly addedOptions?: ReadonlySet<string>;
}

/**
 * The field change that a value must wait for: the field's creation, rename or replace, or
 * an options update that adds an option the value uses. Anything else the field change does
 * (removing other options) the value does not need, so `--target` on an organization does
 * not drag it in and `--exclude` of the field does not drop the value.
 */
export function fieldPrerequisite(
  field: FieldBinding,
  values: readonly string[],
): string | undefined {
  const added = field.addedOptions;
  if (added === undefined) return field.changeAddress;
  return values.some((value) => added.has(value))
    ? field.changeAddress
    : undefined;
}

/** The field changes of a plan, and how the detail keys of organizations resolve. */
export interface FieldPlan {
  readonly changes: readonly FieldChange[];
  /** Problems only live data reveals (or that the loader should have caught). */
  readonly problems: readonly PlanInputProblem[];
  /** The field a detail key sets, or why the key names no usable field. */
  bind(detailKey: string): FieldBinding | { readonly problem: string };
}

const quote = (name: string): string => JSON.stringify(name);

function liveState(field: LiveField): FieldState {
  return field.options === undefined
    ? { name: field.name, type: field.type }
    : { name: field.name, type: field.type, options: field.options };
}

function desiredState(field: DesiredField): FieldState {
  return field.options === undefined || !lookupFieldType(field.type).hasOptions
    ? { name: field.name, type: field.type }
    : { name: field.name, type: field.type, options: field.options };
}

/**
 * Plans the detail field definitions. Each desired field is matched to the live field of
 * the same name, else to a live field under one of its previous names (a rename that keeps
 * every stored value), else it is created. A type change is a replace. Option lists are
 * compared in order, because the API keeps the order it is given (docs/plan.md).
 */
export function planFields(
  fields: DesiredFields,
  liveFields: readonly LiveField[],
  organizations: readonly { readonly details: readonly LiveDetail[] }[],
  entity: DetailEntity = "organization",
): FieldPlan {
  const liveByKey = indexByName(liveFields, (field) => field.name);
  const holders = countHolders(organizations, entity);
  const own = entity === "organization" ? {} : { entity };
  const describe = (name: string) =>
    describeHolders(
      holders.holding(name),
      holders.organizationsRead,
      holders.noun,
    );
  const changes: FieldChange[] = [];
  const bindings = new Map<string, FieldBinding>();
  /** Live field key → the desired name that took it (itself or through a rename). */
  const taken = new Map<string, string>();
  const pruned = new Set<string>();
  const problems: PlanInputProblem[] = [];
  const desiredKeys = new Set(
    fields.declared ? fields.items.map((field) => nameKey(field.name)) : [],
  );

  if (fields.declared) {
    const firstByKey = new Map<string, DesiredField>();
    for (const field of fields.items) {
      const key = nameKey(field.name);
      const first = firstByKey.get(key);
      if (first) {
        problems.push({
          source: field.source,
          message: `field ${quote(field.name)} is declared twice (first at ${formatLocation(first.source)}); expected each field once`,
        });
        continue;
      }
      firstByKey.set(key, field);
      const own = liveByKey.get(key);
      if (field.ensure === "absent") {
        // Deleted by name only: an absent field has no previous names (a loader rule).
        if (own && !pruned.has(key)) {
          pruned.add(key);
          changes.push(deleteChange(own, "ensure: absent: "));
        }
        continue;
      }
      const previous = renameSource(field);
      if (own && previous) {
        // Which of the two holds the values the manifest means is not ours to guess.
        problems.push({
          source: field.source,
          message: `field ${quote(field.name)} and its previous name ${quote(previous.name)} are two different fields on the site; expected at most one of them: delete or rename one on the site, or drop ${quote(previous.name)} from previousNames`,
        });
      }
      const live = own ?? previous;
      if (live) taken.set(nameKey(live.name), field.name);
      const planned = planField(field, live);
      if (planned) changes.push(planned);
      bindings.set(key, {
        name: field.name,
        type: lookupFieldType(field.type),
        ...(live ? { liveName: live.name, liveKey: nameKey(live.name) } : {}),
        wiped: planned?.action === "replace",
        ...(planned ? { changeAddress: planned.address } : {}),
        ...(planned?.action === "update" && live
          ? {
              addedOptions: new Set(
                (field.options ?? []).filter(
                  (option) => !(live.options ?? []).includes(option),
                ),
              ),
            }
          : {}),
      });
    }
    if (fields.prune) {
      for (const live of liveFields) {
        const key = nameKey(live.name);
        if (taken.has(key) || pruned.has(key)) continue;
        // A predefined field came with the site; deleting it wipes its values everywhere, so
        // only an explicit `ensure: absent` entry removes it.
        if (findPredefinedField(live.name, entity)) continue;
        pruned.add(key);
        changes.push(deleteChange(live));
      }
    }
  }

  function deleteChange(live: LiveField, why = ""): FieldChange {
    return {
      address: fieldAddress(live.name, entity),
      resource: "field",
      ...own,
      action: "delete",
      destructive: true,
      before: liveState(live),
      after: null,
      liveDigest: fieldDigest(live),
      dependsOn: [],
      note: `${why}${describe(live.name)}; they are deleted with it`,
    };
  }

  // A site holds at most 50 fields: when creates would pass that before the pruned fields are
  // gone, the creates wait for the deletes (which then run early, not last).
  const deletes = changes.filter((change) => change.action === "delete");
  const creates = changes.filter((change) => change.action === "create");
  const roomFirst =
    deletes.length > 0 &&
    liveFields.length + creates.length > MAX_DETAIL_FIELDS &&
    liveFields.length - deletes.length + creates.length <= MAX_DETAIL_FIELDS;
  // No documented call sets a field's position: the site lists fields in the order they were
  // made. So new fields are created one after another, in manifest order.
  let previousCreate: string | undefined;
  const ordered = changes.map((change) => {
    if (change.action !== "create") return change;
    const dependsOn = [
      ...(roomFirst ? deletes.map((d) => d.address) : []),
      ...(previousCreate === undefined ? [] : [previousCreate]),
    ];
    previousCreate = change.address;
    return dependsOn.length === 0 ? change : { ...change, dependsOn };
  });

  /** The live field a desired field renames, if any; the first previous name found wins. */
  function renameSource(field: DesiredField): LiveField | undefined {
    for (const previous of field.previousNames) {
      const key = nameKey(previous);
      // A previous name that another desired field has as its own name belongs to that field.
      if (desiredKeys.has(key) || taken.has(key)) continue;
      const live = liveByKey.get(key);
      if (live) return live;
    }
    return undefined;
  }

  function planField(
    field: DesiredField,
    live: LiveField | undefined,
  ): FieldChange | undefined {
    const base = {
      address: fieldAddress(field.name, entity),
      resource: "field" as const,
      ...own,
      after: desiredState(field),
      dependsOn: [],
      source: field.source,
    };
    if (!live) {
      return {
        ...base,
        action: "create",
        destructive: false,
        before: null,
        liveDigest: fieldDigest(undefined),
      };
    }
    const known = { before: liveState(live), liveDigest: fieldDigest(live) };
    const predefined = findPredefinedField(live.name, entity);
    if (live.type !== field.type && predefined) {
      const noun = entity === "organization" ? "field" : `${entity} field`;
      problems.push({
        source: field.source,
        message: `${noun} ${quote(field.name)} is the site's predefined ${noun} ${quote(live.name)} of type ${live.type}; expected type ${live.type} (declare it as ${live.type} to adopt it, or choose another name; to delete it and every value it holds, list it with ensure: absent)`,
      });
      return undefined;
    }
    if (live.type !== field.type) {
      return {
        ...base,
        ...known,
        action: "replace",
        destructive: true,
        note: `${describe(live.name)}; all values are deleted`,
      };
    }
    // Names compare case-insensitively, but the site shows them as written: a difference in
    // case alone is a rename too.
    const renamed = live.name.trim() !== field.name;
    const hasOptions = lookupFieldType(field.type).hasOptions;
    const optionsChanged =
      hasOptions && !sameList(live.options ?? [], field.options ?? []);
    if (!renamed && !optionsChanged) return undefined;
    const note = hasOptions ? removedOptionsNote(live, field) : undefined;
    return {
      ...base,
      ...known,
      action: renamed ? "rename" : "update",
      // The site drops a removed option from every organization's values, read or not.
      destructive: note !== undefined,
      ...(note ? { note } : {}),
    };
  }

  function removedOptionsNote(
    live: LiveField,
    field: DesiredField,
  ): string | undefined {
    const kept = new Set(field.options ?? []);
    const removed = (live.options ?? []).filter((option) => !kept.has(option));
    if (removed.length === 0) return undefined;
    const read = holders.organizationsRead;
    const held = removed.map((option) => {
      const count = holders.holdingOption(live.name, option);
      return `${quote(option)} (held by ${count} of the ${read} ${holders.noun}${read === 1 ? "" : "s"} read)`;
    });
    return `removes option${removed.length === 1 ? "" : "s"} ${held.join(", ")}; the site drops removed options from the values of every ${holders.noun} that holds them`;
  }

  function bind(detailKey: string): FieldBinding | { problem: string } {
    const key = nameKey(detailKey);
    const declared = bindings.get(key);
    if (declared) return declared;
    const live = liveByKey.get(key);
    if (!live) {
      return {
        problem: fields.declared
          ? `detail ${quote(detailKey)} names no declared field and no field on the site; expected a field listed in a DetailFields document`
          : `detail ${quote(detailKey)} names no field on the site (no DetailFields document declares fields); expected one of the site's fields${liveFields.length > 0 ? `: ${liveFields.map((field) => quote(field.name)).join(", ")}` : ""}`,
      };
    }
    const renamedTo = taken.get(key);
    if (renamedTo !== undefined) {
      return {
        problem: `detail ${quote(detailKey)} names field ${quote(live.name)}, which this plan turns into field ${quote(renamedTo)}; write ${quote(renamedTo)} instead`,
      };
    }
    if (pruned.has(key)) {
      return {
        problem: `detail ${quote(detailKey)} names field ${quote(live.name)}, which this plan deletes (prune: true and no DetailFields document lists it); declare the field or remove the detail`,
      };
    }
    return {
      name: live.name,
      type: lookupFieldType(live.type),
      liveName: live.name,
      liveKey: nameKey(live.name),
      wiped: false,
    };
  }

  // Every organization names the same few fields: resolve each written key once.
  const bound = new Map<string, FieldBinding | { problem: string }>();
  const bindOnce = (detailKey: string) => {
    let binding = bound.get(detailKey);
    if (binding === undefined) {
      binding = bind(detailKey);
      bound.set(detailKey, binding);
    }
    return binding;
  };

  return { changes: ordered, problems, bind: bindOnce };
}
