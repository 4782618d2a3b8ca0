export {
  exportManifests,
  FIELDS_FILE,
  ORGANIZATIONS_DIR,
} from "./export-manifests.js";
export type {
  ExportFile,
  ExportOptions,
  ExportResult,
  ExportSource,
  SchemaRef,
} from "./export-manifests.js";
export {
  slugify,
  organizationFileNames,
  MAX_SLUG_LENGTH,
} from "./file-names.js";
export { manifestYaml } from "./manifest-yaml.js";
export type { YamlValue } from "./manifest-yaml.js";
export { parseNameList } from "./name-list.js";
export { writeExportFiles } from "./write-export-files.js";
export type { WriteOptions, WriteSummary } from "./write-export-files.js";
export { OrganizationsNotFoundError, ExportWriteError } from "./errors.js";
export { readExportSource } from "./read-export-source.js";
export { declaredInOutput } from "./declared-in-output.js";
export type { Declaration, Declared } from "./declared-in-output.js";
export type { ExportRead, ReadExportOptions } from "./read-export-source.js";
