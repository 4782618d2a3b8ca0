import { OrgsyncError } from "../util/errors.js";
import { EmulatorState } from "./emulator-state.js";
import { FaultInjector } from "./fault-injector.js";
import { uuidGenerator } from "./random-uuid.js";
import { RequestLog } from "./request-log.js";
import { applySeed, snapshotState } from "./seed.js";
import { applySettingsPatch, validateSettingsPatch } from "./settings.js";
import type { StatePersister } from "./state-persister.js";
import { TokenBucket } from "./token-bucket.js";
import type {
  EmulatorApi,
  EmulatorControl,
  EmulatorSeed,
  EmulatorSettings,
  EmulatorSettingsPatch,
  EmulatorSnapshot,
  RequestLogEntry,
} from "./types.js";

/** Emulator options or settings that make no sense (a negative latency, an unknown fault kind). */
export class EmulatorConfigError extends OrgsyncError {
  constructor(problems: readonly string[]) {
    super(
      "E_EMULATOR_CONFIG",
      `invalid emulator settings:\n  ${problems.join("\n  ")}`,
      { hint: "see docs/emulator.md for the knobs and their ranges" },
    );
  }
}

/** Checks a settings patch, throwing `EmulatorConfigError` with every problem. */
export function checkSettingsPatch(value: unknown): EmulatorSettingsPatch {
  const result = validateSettingsPatch(value);
  if (!result.ok) throw new EmulatorConfigError(result.issues);
  return result.value;
}

/**
 * Everything a running emulator holds: the state, the knobs in force, the rate-limit bucket,
 * the fault injector, the request log and the persister. It is the in-process control too.
 */
export class EmulatorRuntime implements EmulatorControl {
  /** The site being emulated (replaced whole by `reset`). */
  site: EmulatorState;
  current: EmulatorSettings = {
    dialect: "strict",
    latency: null,
    rateLimit: null,
    faults: null,
    readOnly: false,
    serviceDeskAgent: true,
    serviceDeskPageLimit: 50,
  };
  /** One rate-limit bucket per API: a Jira 429 is never caused by CSM traffic, nor the reverse. */
  buckets: Partial<Record<EmulatorApi, TokenBucket>> = {};
  readonly random: () => number;
  injector: FaultInjector | undefined;
  readonly log: RequestLog;
  readonly startedAt = performance.now();
  persister: StatePersister | undefined;
  private readonly newUuid: () => string;
  /** The state at start, ids and all: what `reset()` without a seed returns to. */
  private readonly initial: EmulatorSnapshot;

  /** Loads `seed` (throwing `EmulatorSeedError` naming `source` when it is broken). */
  constructor(options: {
    random: () => number;
    seedRandom: boolean;
    seed: unknown;
    source: string;
    maxLogEntries: number;
  }) {
    this.random = options.random;
    this.newUuid = uuidGenerator(
      options.seedRandom ? options.random : undefined,
    );
    this.site = this.stateFrom(options.seed, options.source);
    this.initial = snapshotState(this.site);
    this.log = new RequestLog(options.maxLogEntries);
  }

  private errorTurns = 0;

  /** Counts error answers, so a dialect can vary its error envelopes deterministically. */
  nextErrorTurn(): number {
    return this.errorTurns++;
  }

  /** Milliseconds since start, on a monotonic clock. */
  now(): number {
    return performance.now() - this.startedAt;
  }

  private stateFrom(seed: unknown, source: string): EmulatorState {
    const state = new EmulatorState(this.newUuid);
    applySeed(state, seed, source);
    return state;
  }

  configure(patch: EmulatorSettingsPatch): EmulatorSettings {
    const checked = checkSettingsPatch(patch);
    this.current = applySettingsPatch(this.current, checked);
    if (checked.rateLimit !== undefined) {
      const limit = checked.rateLimit;
      const bucket = (): TokenBucket =>
        new TokenBucket(limit!.rps, limit!.burst ?? limit!.rps, this.now());
      this.buckets = limit ? { csm: bucket(), servicedesk: bucket() } : {};
    }
    if (checked.faults !== undefined) {
      this.injector = checked.faults
        ? new FaultInjector(checked.faults, this.random)
        : undefined;
    }
    return this.settings();
  }

  settings(): EmulatorSettings {
    return structuredClone(this.current);
  }

  state(): EmulatorSnapshot {
    return snapshotState(this.site);
  }

  requests(): RequestLogEntry[] {
    return this.log.list();
  }

  clearRequests(): void {
    this.log.clear();
  }

  async reset(seed?: EmulatorSeed): Promise<void> {
    this.site = this.stateFrom(seed ?? this.initial, "the reset seed");
    await this.persister?.flush();
  }
}
