export { startEmulator } from "./start-emulator.js";
export { runEmulatorUntil } from "./run-emulator-until.js";
export { EmulatorConfigError } from "./emulator-runtime.js";
export { EmulatorSeedError } from "./seed.js";
export { isLoopbackHost } from "./control-guard.js";
export { DIALECTS } from "./dialect.js";
export type { Dialect } from "./dialect.js";
export { FAULT_KINDS } from "./types.js";
export type {
  EmulatorOptions,
  EmulatorControl,
  EmulatorSeed,
  EmulatorSnapshot,
  EmulatorSettingsPatch,
  FaultConfig,
  FaultKind,
  LatencyConfig,
  RequestLogEntry,
  RunningEmulator,
  SeedField,
  SeedOrganization,
} from "./types.js";
