export {
  exportManifests,
  FIELDS_FILE,
  ORGANIZATIONS_DIR,
} from "./export-manifests.js";
export type {
  ExportOptions,
  ExportResult,
  ExportSource,
  SchemaRef,
} from "./export-manifests.js";
export { organizationFileNames } from "./file-names.js";
export { writeExportFiles } from "./write-export-files.js";
export { OrganizationsNotFoundError } from "./errors.js";
export { parseNameList, readExportSource } from "./read-export-source.js";
export { declaredInOutput } from "./declared-in-output.js";
export type { Declaration } from "./declared-in-output.js";
