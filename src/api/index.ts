export { createClient } from "./create-client.js";
export type { ClientOptions } from "./create-client.js";
export { CLIENT_DEFAULTS } from "./http-policy.js";
export type { HttpOptions } from "./http-policy.js";
export {
  resolveBaseUrl,
  cloudIdBaseUrl,
  checkBaseUrl,
  siteHost,
} from "./base-url.js";
export type { SiteTarget, ResolveOptions } from "./base-url.js";
export { Credentials } from "./credentials.js";
export type { CredentialsInput } from "./credentials.js";
export { loadCredentials } from "./load-credentials.js";
export type {
  CredentialSources,
  LoadedCredentials,
} from "./load-credentials.js";
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
export type {
  HttpMethod,
  NetworkFailureKind,
  UnknownOutcomeReason,
} from "./errors.js";
export { parseErrorBody } from "./parse-error-body.js";
export type { FieldError, ParsedErrorBody } from "./parse-error-body.js";
export { recordingHooks } from "./record-exchange.js";
export type { RecordedExchange, ExchangeRecorder } from "./record-exchange.js";
export { createRedactor } from "./redact.js";
export type { Redact } from "./redact.js";
export {
  retryDelay,
  isRetryableStatus,
  parseRetryAfter,
  parseRateLimitReset,
} from "./retry-delay.js";
export type { RetryDelayInput, ResponseHeaders } from "./retry-delay.js";
export { RateLimitGate } from "./rate-limit-gate.js";
export type {
  RateLimitGateOptions,
  GateOutcome,
  GateTicket,
  RequestGate,
} from "./rate-limit-gate.js";
export { checkShape } from "./response-schemas.js";
export type { ResponseShapes, ShapeName } from "./response-schemas.js";
export type { RetrySettings } from "./transport.js";
export type {
  ApiFieldType,
  ApiDetailField,
  ApiOrganizationRef,
  ApiOrganizationDetail,
  ApiOrganization,
  ApiProfileDetail,
  ApiEntitlement,
  ApiProfile,
  ApiCreateProfileBody,
  ApiProduct,
  ApiProductPage,
  FetchQuery,
  CallOptions,
  CsmClient,
  CsmReader,
} from "./types.js";
export { readOnlyClient, READ_METHODS } from "./read-only-client.js";
export type {
  SdOrganization,
  SdUser,
  ServiceDeskClient,
  ServiceDeskReader,
  ServiceDeskAccess,
} from "./servicedesk-types.js";
