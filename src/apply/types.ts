import type { ServiceDeskAccess } from "../api/servicedesk-types.js";
import type { ApiCreateProfileBody, ApiDetailField } from "../api/types.js";
import type { OtherEntity } from "../model/entity.js";
import type { Change, ChangeAction } from "../plan/types.js";

/**
 * One API write, as data. The applier turns the whole plan into these before it sends any,
 * so what apply will do can be shown, tested and counted without a server.
 */
export type ApiCall =
  | {
      /** `POST organization/details`. A create: re-read before any re-send. */
      readonly kind: "createDetailField";
      readonly field: ApiDetailField;
      /** Whose field (`entitlement/details`...); absent for organizations. */
      readonly entity?: OtherEntity;
    }
  | {
      /** `PUT organization/details/{fieldName}`: rename and/or new options, in one call. */
      readonly kind: "editDetailField";
      readonly fieldName: string;
      readonly entity?: OtherEntity;
      readonly edit: {
        readonly name: string;
        readonly options?: readonly string[];
      };
    }
  | {
      /** `DELETE organization/details/{fieldName}`. */
      readonly kind: "deleteDetailField";
      readonly fieldName: string;
      readonly entity?: OtherEntity;
    }
  | {
      /** `POST organization/profile`: the organization with its details, products, customers. */
      readonly kind: "createProfile";
      readonly body: ApiCreateProfileBody;
    }
  | {
      /** `PUT organization/{organizationId}`. */
      readonly kind: "renameOrganization";
      readonly organizationId: string;
      readonly name: string;
    }
  | {
      /** `DELETE organization/{organizationId}`. */
      readonly kind: "deleteOrganization";
      readonly organizationId: string;
    }
  | {
      /** `PUT organization/{organizationId}/details?fieldName=...`; `[]` clears the value. */
      readonly kind: "setOrganizationDetail";
      readonly organizationId: string;
      readonly fieldName: string;
      readonly values: readonly string[];
    }
  | {
      /** `POST organization/{organizationId}/entitlement`. A create: re-read before any re-send. */
      readonly kind: "createEntitlement";
      readonly organizationId: string;
      readonly productId: string;
    }
  | {
      /** `DELETE entitlement/{entitlementId}`. */
      readonly kind: "deleteEntitlement";
      readonly entitlementId: string;
    }
  | {
      /**
       * `POST` / `DELETE organization/{organizationId}/user` (service desk API). One call
       * object holds the ids of up to 50 customer changes of one organization, shared by
       * their steps: it is sent once and each step reports its own id's outcome.
       */
      readonly kind: "addCustomers" | "removeCustomers";
      readonly organizationId: string;
      readonly accountIds: readonly string[];
    }
  | {
      /**
       * `POST` / `DELETE servicedesk/{serviceDesk}/organization` (service desk API). Without
       * `organizationId` the organization is created by this plan: it is looked up by name.
       */
      readonly kind: "linkServiceDesk" | "unlinkServiceDesk";
      readonly serviceDesk: string;
      readonly organizationId?: string;
      readonly organizationName: string;
    }
  | {
      /**
       * `PUT entitlement/{entitlementId}/details?fieldName=...`; `[]` clears the value. Without
       * the ids (made in the same apply), they are learned from the creates' answers, else
       * re-read.
       */
      readonly kind: "setEntitlementDetail";
      readonly entitlementId?: string;
      readonly organizationId?: string;
      readonly organizationName: string;
      readonly productId: string;
      /** For messages. */
      readonly productName: string;
      readonly fieldName: string;
      readonly values: readonly string[];
    };

/** One change of the plan with the calls that make it and what must be applied first. */
export interface ApplyStep {
  /** The change's position in `plan.changes` (and in the report). */
  readonly index: number;
  readonly change: Change;
  /** The writes, in order. One per change, except a field replace (DELETE then POST). */
  readonly calls: readonly ApiCall[];
  /** Indexes of the steps that must be applied before this one starts (from `dependsOn`). */
  readonly prerequisites: readonly number[];
  /**
   * True for a delete that no other change waits for: it starts only once every change that
   * is not such a delete has finished, so a run that fails midway has lost as little as it can.
   */
  readonly last: boolean;
}

/** What became of one change. */
type ApplyStatus = "applied" | "failed" | "skipped";

/** One line of the report: every change of the plan gets exactly one. */
export interface ApplyResult {
  readonly address: string;
  readonly action: ChangeAction;
  readonly status: ApplyStatus;
  /**
   * Why it failed: the error's stable code and its message, and the HTTP status when the API
   * answered one. Present when `failed`.
   */
  readonly error?: {
    readonly code: string;
    readonly message: string;
    readonly status?: number;
    /** The error's next step (e.g. the permission a 403 needs). */
    readonly hint?: string;
  };
  /** Why it was not attempted, e.g. `depends on field["Tier"] which failed`. Present when `skipped`. */
  readonly reason?: string;
  /**
   * True when a call's outcome was unknown (e.g. "done but answered 500") and the applier
   * established by re-reading that the change is made, re-sending a create only if it was absent.
   */
  readonly recovered?: boolean;
  /** Wall time from the first call to the last answer; 0 when skipped. */
  readonly durationMs: number;
}

/** The report of one apply, as data; the CLI renders it as text or JSON. */
export interface ApplyReport {
  /** In plan order. */
  readonly results: readonly ApplyResult[];
  readonly summary: {
    readonly applied: number;
    readonly failed: number;
    readonly skipped: number;
  };
  /** True when an interrupt or abort stopped the run before every change was attempted. */
  readonly interrupted: boolean;
}

/** What the applier tells a progress display while it runs. */
export type ApplyEvent =
  | { readonly type: "start"; readonly total: number }
  | {
      readonly type: "change-start";
      readonly address: string;
      readonly action: ChangeAction;
    }
  | { readonly type: "change-done"; readonly result: ApplyResult }
  | { readonly type: "done"; readonly report: ApplyReport };

/** Options of `applyPlan`. */
export interface ApplyOptions {
  /** Changes in flight at once; the client's rate-limit gate still paces them. @default 8 */
  readonly concurrency?: number;
  /** After the first failure, start nothing new (changes in flight finish). @default false */
  readonly failFast?: boolean;
  /** Signalled: start nothing new, let calls in flight finish, report. (The first Ctrl-C.) */
  readonly interrupt?: AbortSignal;
  /** Signalled: also abort the calls in flight; their outcome is then unknown. (The second Ctrl-C.) */
  readonly abort?: AbortSignal;
  /** Called for every event, synchronously; must not throw. */
  readonly onEvent?: (event: ApplyEvent) => void;
  /**
   * How many times a create whose outcome stayed unknown is sent in all (each re-send only
   * after a re-read found it absent). @default 3
   */
  readonly createAttempts?: number;
  /**
   * The service desk API, for customer and service desk link changes; reached only when the
   * plan has such a change (without it, those changes fail and say why).
   */
  readonly serviceDesk?: ServiceDeskAccess;
  /** Milliseconds since some fixed point, for `durationMs`. @default performance.now */
  readonly clock?: () => number;
}

/** Consent given on the command line for destructive changes. */
export interface SafetyOptions {
  /** `--allow-delete`: destructive changes other than replacements may run. @default false */
  readonly allowDelete?: boolean;
  /** `--allow-replace`: field replacements (type changes) may run. @default false */
  readonly allowReplace?: boolean;
  /** `--max-deletes`: more deletes than this need `force`. @default 10 */
  readonly maxDeletes?: number;
  /** `--force`: ignore `maxDeletes`. @default false */
  readonly force?: boolean;
}

/** One reason apply will not start, naming the changes and the flag that would allow them. */
export interface Refusal {
  readonly kind: "delete" | "replace" | "max-deletes";
  /** The flag that gives consent: `--allow-delete`, `--allow-replace` or `--force`. */
  readonly flag: string;
  /** The changes concerned, in plan order. */
  readonly addresses: readonly string[];
  /** One sentence for people. */
  readonly message: string;
}
