import { compileSchema, schemaErrorText } from "../util/check-schema.js";
import { DIALECTS } from "./dialect.js";
import { FAULT_KINDS } from "./types.js";
import type {
  EmulatorSettings,
  EmulatorSettingsPatch,
  FaultConfig,
  LatencyConfig,
  RateLimitConfig,
} from "./types.js";

const number = (minimum: number): object => ({ type: "number", minimum });

const LATENCY = {
  type: "object",
  required: ["fixedMs"],
  additionalProperties: false,
  properties: { fixedMs: number(0), jitterMs: number(0) },
};

const RATE_LIMIT = {
  type: "object",
  required: ["rps"],
  additionalProperties: false,
  properties: {
    rps: { type: "number", exclusiveMinimum: 0 },
    burst: number(1),
  },
};

const FAULTS = {
  type: "object",
  required: ["rate", "kinds"],
  additionalProperties: false,
  properties: {
    rate: { type: "number", minimum: 0, maximum: 1 },
    kinds: {
      type: "array",
      minItems: 1,
      items: { enum: [...FAULT_KINDS] },
    },
    methods: { type: "array", items: { type: "string", minLength: 1 } },
    pathIncludes: { type: "string" },
    count: { type: "integer", minimum: 0 },
    retryAfterSeconds: { type: "integer", minimum: 0 },
  },
};

const nullable = (schema: object): object => ({
  anyOf: [schema, { type: "null" }],
});

/** The JSON Schema of a settings patch (`PUT /_emulator/config`). */
const SETTINGS_PATCH_SCHEMA = {
  type: "object",
  additionalProperties: false,
  properties: {
    dialect: { enum: [...DIALECTS] },
    latency: nullable(LATENCY),
    rateLimit: nullable(RATE_LIMIT),
    faults: nullable(FAULTS),
    readOnly: { type: "boolean" },
    serviceDeskAgent: { type: "boolean" },
    serviceDeskPageLimit: { type: "integer", minimum: 1 },
  },
};

const validatePatch = compileSchema(SETTINGS_PATCH_SCHEMA);

/** Checks an untrusted settings patch (from JSON); returns the problems, if any. */
export function validateSettingsPatch(
  value: unknown,
):
  | { readonly ok: true; readonly value: EmulatorSettingsPatch }
  | { readonly ok: false; readonly issues: string[] } {
  if (validatePatch(value)) {
    return { ok: true, value: value as EmulatorSettingsPatch };
  }
  return {
    ok: false,
    issues: (validatePatch.errors ?? []).map(schemaErrorText),
  };
}

/** The settings after a patch: absent keys keep their value, `null` turns a knob off. */
export function applySettingsPatch(
  current: EmulatorSettings,
  patch: EmulatorSettingsPatch,
): EmulatorSettings {
  const pick = <T>(key: T | null | undefined, now: T | null): T | null =>
    key === undefined ? now : key;
  return {
    dialect: patch.dialect ?? current.dialect,
    latency: pick<LatencyConfig>(patch.latency, current.latency),
    rateLimit: pick<RateLimitConfig>(patch.rateLimit, current.rateLimit),
    faults: pick<FaultConfig>(patch.faults, current.faults),
    readOnly: patch.readOnly ?? current.readOnly,
    serviceDeskAgent: patch.serviceDeskAgent ?? current.serviceDeskAgent,
    serviceDeskPageLimit:
      patch.serviceDeskPageLimit ?? current.serviceDeskPageLimit,
  };
}
