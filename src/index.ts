/**
 * orgsync's library API. Everything a program needs to validate manifests, read a site,
 * plan, apply and run the emulator, without the CLI.
 */
export {
  OrgsyncError,
  UsageError,
  FIELD_TYPE_NAMES,
  findFieldType,
  lookupFieldType,
  nameKey,
  digestOf,
} from "./model/index.js";
export type {
  SourceLocation,
  FieldType,
  Desired,
  DesiredField,
  DesiredOrganization,
  Live,
  LiveField,
  LiveOrganization,
  LiveProduct,
} from "./model/index.js";
export type {
  Plan,
  Change,
  ChangeAction,
  FieldChange,
  OrganizationChange,
  DetailChange,
  EntitlementChange,
  Unsupported,
} from "./plan/types.js";
export type { CsmClient } from "./api/types.js";
export { main } from "./cli/main.js";
export type { CliIo } from "./cli/io.js";
export { ORGSYNC_VERSION } from "./version.js";
