export { runDoctor } from "./run-doctor.js";
export type { DoctorInput } from "./run-doctor.js";
export { DOCTOR_CHECKS } from "./doctor-report.js";
export type {
  DoctorCheck,
  DoctorReport,
  DoctorStatus,
} from "./doctor-report.js";
export { renderDoctorJson, renderDoctorText } from "./render-doctor.js";
export { clockCheck, rateLimitCheck } from "./answer-checks.js";
