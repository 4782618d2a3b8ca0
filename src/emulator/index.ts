export {
  startEmulator,
  DEFAULT_CLOUD_ID,
  DEFAULT_HANG_MS,
} from "./start-emulator.js";
export { runEmulatorUntil } from "./run-emulator-until.js";
export { EmulatorConfigError } from "./emulator-runtime.js";
export { EmulatorSeedError, SEED_SCHEMA } from "./seed.js";
export { EmulatorPersistError } from "./state-persister.js";
export { SETTINGS_PATCH_SCHEMA } from "./settings.js";
export { CONTROL_PREFIX } from "./control-endpoint.js";
export { isLoopbackHost } from "./control-guard.js";
export { MAX_FIELDS } from "./emulator-state.js";
export { DIALECTS } from "./dialect.js";
export type { Dialect } from "./dialect.js";
export { MAX_ORGANIZATION_FETCH } from "./routes/organization-routes.js";
export { MAX_PROFILE_FETCH } from "./routes/profile-routes.js";
export { MAX_PRODUCT_PAGE } from "./routes/product-routes.js";
export { FAULT_KINDS } from "./types.js";
export type {
  EmulatorOptions,
  EmulatorControl,
  EmulatorSeed,
  EmulatorSnapshot,
  EmulatorSettings,
  EmulatorSettingsPatch,
  FaultConfig,
  FaultKind,
  LatencyConfig,
  RateLimitConfig,
  RequestLogEntry,
  RunningEmulator,
  SeedField,
  SeedOrganization,
  SeedProduct,
} from "./types.js";
