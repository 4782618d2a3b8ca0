export { runDoctor } from "./run-doctor.js";
export type { DoctorInput } from "./run-doctor.js";
export { doctorReport, DOCTOR_CHECKS } from "./doctor-report.js";
export type {
  DoctorCheck,
  DoctorCheckId,
  DoctorReport,
  DoctorStatus,
} from "./doctor-report.js";
export { renderDoctorJson, renderDoctorText } from "./render-doctor.js";
export {
  clockCheck,
  rateLimitCheck,
  CLOCK_SKEW_WARN_MS,
} from "./answer-checks.js";
