export { createClient } from "./create-client.js";
export type { ClientOptions } from "./create-client.js";
export { CLIENT_DEFAULTS } from "./http-policy.js";
export { resolveBaseUrl, checkBaseUrl, siteHost } from "./base-url.js";
export { Credentials } from "./credentials.js";
export type { CredentialsInput } from "./credentials.js";
export { loadCredentials } from "./load-credentials.js";
export type { CredentialSources } from "./load-credentials.js";
export {
  ApiError,
  ApiRequestError,
  NetworkError,
  ResponseShapeError,
  ResponseTooLargeError,
  SiteLookupError,
  UnknownOutcomeError,
  apiErrorHint,
} from "./errors.js";
export { parseErrorBody } from "./parse-error-body.js";
export type { RecordedExchange, ExchangeRecorder } from "./record-exchange.js";
export { createRedactor } from "./redact.js";
export {
  retryDelay,
  isRetryableStatus,
  parseRetryAfter,
  parseRateLimitReset,
} from "./retry-delay.js";
export { RateLimitGate } from "./rate-limit-gate.js";
export type {
  GateOutcome,
  GateTicket,
  RequestGate,
} from "./rate-limit-gate.js";
export { checkShape } from "./response-schemas.js";
export type { CsmClient, CsmReader } from "./types.js";
export { readOnlyClient, READ_METHODS } from "./read-only-client.js";
export type {
  SdOrganization,
  SdUser,
  ServiceDeskClient,
  ServiceDeskReader,
  ServiceDeskAccess,
} from "./servicedesk-types.js";
