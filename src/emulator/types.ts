import type { Dialect } from "./dialect.js";

/**
 * The public types of the CSM and service desk API emulator: how to start it, the knobs that can be turned
 * while it runs, the seed/snapshot format and the request log.
 */

/**
 * A kind of injected fault.
 * - `500`: answers 500 without doing anything.
 * - `503`: answers 503 with `Retry-After`.
 * - `429`: answers 429 with `Retry-After` and the `X-RateLimit-*` headers.
 * - `reset`: resets the connection without answering.
 * - `hang`: never answers; the socket is destroyed after `hangMs`.
 * - `done-500`: carries out a write, then answers 500 (the client cannot tell it happened).
 *   On a read it behaves like `500`.
 */
export type FaultKind = "500" | "503" | "429" | "reset" | "hang" | "done-500";

/** Every fault kind, in documentation order. */
export const FAULT_KINDS: readonly FaultKind[] = [
  "500",
  "503",
  "429",
  "reset",
  "hang",
  "done-500",
];

/** Which requests fail, and how. */
export interface FaultConfig {
  /** The share of matching requests that fail, 0..1. Ignored while `count` is set. */
  readonly rate: number;
  /** The kinds to inject; one is picked at random (round-robin when `count` is set). */
  readonly kinds: readonly FaultKind[];
  /** Only requests with one of these methods (upper case) are faulted. @default every method */
  readonly methods?: readonly string[];
  /** Only requests whose path (with query) contains this text are faulted. @default every path */
  readonly pathIncludes?: string;
  /**
   * When set, exactly the next `count` matching requests fail (whatever `rate` says) and then
   * faults stop: the deterministic mode for tests.
   */
  readonly count?: number;
  /** The `Retry-After` value, in seconds, of injected 503 and 429 answers. @default 1 */
  readonly retryAfterSeconds?: number;
}

/** Latency added before every API answer. */
export interface LatencyConfig {
  /** Milliseconds always added. */
  readonly fixedMs: number;
  /** Up to this many milliseconds more, uniformly drawn from `random`. @default 0 */
  readonly jitterMs?: number;
}

/** A token-bucket rate limit over every API request. */
export interface RateLimitConfig {
  /** Tokens added per second. */
  readonly rps: number;
  /** Bucket size: how many requests may arrive at once. @default rps */
  readonly burst?: number;
}

/** The knobs that can be changed while the emulator runs. */
export interface EmulatorSettings {
  /** How answers are worded (docs/emulator.md, "Dialects"). */
  readonly dialect: Dialect;
  readonly latency: LatencyConfig | null;
  readonly rateLimit: RateLimitConfig | null;
  readonly faults: FaultConfig | null;
  /** When true every write answers 403 (drift must never write). */
  readonly readOnly: boolean;
  /**
   * False emulates a token that is not a service desk agent: the service desk API lists no
   * organization (an empty page, not an error) and refuses every other call with 403.
   */
  readonly serviceDeskAgent: boolean;
  /** The most items a service desk API page holds: `limit` is clamped to it. */
  readonly serviceDeskPageLimit: number;
}

/** A partial change of settings; `null` turns a knob off, an absent key leaves it alone. */
export interface EmulatorSettingsPatch {
  readonly dialect?: Dialect;
  readonly latency?: LatencyConfig | null;
  readonly rateLimit?: RateLimitConfig | null;
  readonly faults?: FaultConfig | null;
  readonly readOnly?: boolean;
  readonly serviceDeskAgent?: boolean;
  readonly serviceDeskPageLimit?: number;
}

/** A detail field definition in a seed or snapshot. */
export interface SeedField {
  /** Kept when given (a snapshot carries it); otherwise assigned. */
  readonly id?: string;
  readonly name: string;
  /** A type name from the field-type registry, e.g. `SELECT`. */
  readonly type: string;
  /** Required for SELECT and MULTISELECT, absent otherwise. */
  readonly options?: readonly string[];
}

/** A product in a seed or snapshot. */
interface SeedProduct {
  /** A UUID; assigned when absent. */
  readonly id?: string;
  readonly name: string;
}

/** An organization in a seed or snapshot. */
export interface SeedOrganization {
  /** A numeric string; assigned when absent. */
  readonly id?: string;
  readonly name: string;
  /** Detail values by field name; a string is shorthand for a one-element list. */
  readonly details?: Readonly<Record<string, readonly string[] | string>>;
  /** Entitled products, by product name or id. */
  readonly products?: readonly string[];
  /** Customer ids. */
  readonly customers?: readonly string[];
  /**
   * The entitlement id to keep for a product listed in `products` (keyed as written there).
   * Snapshots carry it so entitlement ids survive a restart; seeds may leave it out.
   */
  readonly entitlementIds?: Readonly<Record<string, string>>;
  /**
   * Entitlement detail values, by product (keyed as written in `products`), then by
   * entitlement field name; a string is shorthand for a one-element list.
   */
  readonly entitlementDetails?: Readonly<
    Record<string, Readonly<Record<string, readonly string[] | string>>>
  >;
  /** Says whether SCIM owns the organization (answered by the service desk API when set). */
  readonly scimManaged?: boolean;
  /** The service desk API's `uuid`; organizations created through an API get one. */
  readonly uuid?: string;
  /** When it was created (ISO date-time); absent like on older organizations of a real site. */
  readonly created?: string;
}

/** A customer account the service desk API knows (its directory). */
interface SeedCustomer {
  /** Opaque: a `qm:…` customer account or an Atlassian account id. */
  readonly accountId: string;
  /** @default the accountId */
  readonly displayName?: string;
  readonly emailAddress?: string;
}

/** A service desk, whose organizations can raise requests there. */
export interface SeedServiceDesk {
  /** A numeric string; assigned when absent. */
  readonly id?: string;
  /** The project key, e.g. `SUP`. */
  readonly key: string;
  /** @default the key */
  readonly name?: string;
  /** Organizations, by id or name. */
  readonly organizations?: readonly string[];
}

/** The state to start from, as loaded by `--state FILE` (JSON or YAML). */
export interface EmulatorSeed {
  /**
   * Start with the organization detail fields some sites come with (Type, Industry, External
   * ID, Address, Website, Customer Segment), before `fields`; a field `fields` lists by the
   * same name takes the place of the predefined one. Also starts with the predefined customer
   * fields (Full name, Phone, External ID, Title, Region, Preferred Language, Type), before
   * `customerFields`, in the same way. @default false
   */
  readonly predefinedFields?: boolean;
  /** Organization detail fields. */
  readonly fields?: readonly SeedField[];
  /** Entitlement detail fields: their own name space. */
  readonly entitlementFields?: readonly SeedField[];
  /** Customer detail fields: their own name space. */
  readonly customerFields?: readonly SeedField[];
  readonly products?: readonly SeedProduct[];
  readonly organizations?: readonly SeedOrganization[];
  /**
   * The directory of customer accounts the service desk API accepts in `accountIds`. Every
   * customer id an organization holds (in the seed, or given to a profile create) is known too.
   */
  readonly customers?: readonly SeedCustomer[];
  readonly serviceDesks?: readonly SeedServiceDesk[];
}

/** The whole state, in the seed format with every id filled in (it can be re-seeded). */
export interface EmulatorSnapshot {
  readonly fields: (SeedField & { readonly id: string })[];
  /** Present when there are some. */
  readonly entitlementFields?: (SeedField & { readonly id: string })[];
  /** Present when there are some. */
  readonly customerFields?: (SeedField & { readonly id: string })[];
  readonly products: { readonly id: string; readonly name: string }[];
  readonly organizations: {
    readonly id: string;
    readonly name: string;
    readonly details: Record<string, string[]>;
    /** Product ids. */
    readonly products: string[];
    readonly customers: string[];
    /** Entitlement id by product id. */
    readonly entitlementIds: Record<string, string>;
    /** Entitlement detail values by product id, then field name; present when there are some. */
    readonly entitlementDetails?: Record<string, Record<string, string[]>>;
    readonly scimManaged?: boolean;
    readonly uuid?: string;
    readonly created?: string;
  }[];
  /** Left out when there are none, like `serviceDesks`. */
  readonly customers?: SeedCustomer[];
  readonly serviceDesks?: (SeedServiceDesk & {
    readonly id: string;
    readonly name: string;
    readonly organizations: string[];
  })[];
}

/** One API request the emulator answered (or faulted). Control requests are not logged. */
export interface RequestLogEntry {
  /** 1, 2, 3… in arrival order. */
  readonly seq: number;
  readonly method: string;
  /** The path with its query, without the origin. */
  readonly path: string;
  /** The status sent; 0 when the connection was reset or left hanging. */
  readonly status: number;
  /** Milliseconds since the emulator started. */
  readonly startedAtMs: number;
  readonly durationMs: number;
  readonly requestBytes: number;
  readonly responseBytes: number;
  /** The fault injected into this request, if any. */
  readonly fault?: FaultKind;
  /** True for calls that change state (the read-only POST …/fetch calls are reads). */
  readonly write: boolean;
  /** Which API the path is under: the CSM API, or the service desk API (`/ex/jira/…`). */
  readonly api: EmulatorApi;
}

/** The two APIs the emulator serves, on one state. */
export type EmulatorApi = "csm" | "servicedesk";

/** In-process control of a running emulator; the HTTP control endpoint offers the same. */
export interface EmulatorControl {
  /** Changes some settings; returns the settings now in force. */
  configure(patch: EmulatorSettingsPatch): EmulatorSettings;
  /** The settings in force. */
  settings(): EmulatorSettings;
  /** A deep copy of the whole state. */
  state(): EmulatorSnapshot;
  /** A copy of the request log, oldest first. */
  requests(): RequestLogEntry[];
  clearRequests(): void;
  /**
   * Replaces the state with `seed`, or with the state the emulator started from. The state is
   * replaced at once; the promise settles when it is persisted (with `persist`).
   */
  reset(seed?: EmulatorSeed): Promise<void>;
}

/** How to start the emulator. Every option may be left out. */
export interface EmulatorOptions {
  /** @default 0 (any free port) */
  readonly port?: number;
  /** @default "127.0.0.1" */
  readonly host?: string;
  /**
   * More host names the control endpoint answers to, beyond the bound address (and loopback
   * names when bound to loopback or to every interface): e.g. the name a CI service reaches
   * the emulator by. @default []
   */
  readonly allowHosts?: readonly string[];
  /** The cloud id in `baseUrl`. Every cloud id is served (from one state). @default DEFAULT_CLOUD_ID */
  readonly cloudId?: string;
  /** The state to start from. Ignored when `stateFile` exists. */
  readonly seed?: EmulatorSeed;
  /** A JSON or YAML seed file to load (and, with `persist`, to write back). */
  readonly stateFile?: string;
  /** Write the state to `stateFile` (atomically) before answering every change. @default false */
  readonly persist?: boolean;
  readonly latency?: LatencyConfig;
  readonly rateLimit?: RateLimitConfig;
  readonly faults?: FaultConfig;
  /** How answers are worded: exactly as documented, or in every plausible form. @default "strict" */
  readonly dialect?: Dialect;
  /**
   * When set, only `Bearer <token>` or Basic auth with this token as password is accepted.
   * When unset, any Authorization header is accepted. @default undefined
   */
  readonly token?: string;
  /** Every write answers 403. @default false */
  readonly readOnly?: boolean;
  /** False: the token is not a service desk agent (see `EmulatorSettings`). @default true */
  readonly serviceDeskAgent?: boolean;
  /** The most items a service desk API page holds. @default 50 */
  readonly serviceDeskPageLimit?: number;
  /**
   * Start with the predefined organization and customer detail fields (as `predefinedFields:
   * true` in the seed does). Ignored when the state comes from an existing `stateFile`. @default false
   */
  readonly predefinedFields?: boolean;
  /** Randomness for faults, jitter and UUIDs, values in [0, 1). @default Math.random */
  readonly random?: () => number;
  /** How long a `hang` fault holds the connection before destroying it. @default 30000 */
  readonly hangMs?: number;
  /** The most request-log entries kept (oldest dropped first). @default 100000 */
  readonly maxLogEntries?: number;
  /** Receives one line per answered request (the CLI passes stderr). @default no logging */
  readonly log?: (line: string) => void;
  /** Suppresses `log` output. @default false */
  readonly quiet?: boolean;
}

/** A started emulator. */
export interface RunningEmulator {
  /** The API root, e.g. `http://127.0.0.1:PORT/jsm/csm/cloudid/CLOUDID/api/v1/` (trailing slash). */
  readonly baseUrl: string;
  /** The service desk API root, `http://127.0.0.1:PORT/ex/jira/CLOUDID/rest/servicedeskapi/`. */
  readonly serviceDeskBaseUrl: string;
  /** `http://HOST:PORT`, where `/_emulator/…` and `/_edge/tenant_info` are served. */
  readonly origin: string;
  readonly cloudId: string;
  readonly control: EmulatorControl;
  /** Stops listening, ends every connection, and writes any pending state. */
  close(): Promise<void>;
}
