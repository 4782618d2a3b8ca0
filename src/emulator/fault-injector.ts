import type { FaultConfig, FaultKind } from "./types.js";

/**
 * Decides which requests fail and how. With `count` set it fails exactly the next `count`
 * matching requests, cycling through the kinds in order; otherwise each matching request
 * fails with probability `rate`, with a kind drawn at random.
 */
export class FaultInjector {
  private remaining: number | undefined;
  private next = 0;

  constructor(
    readonly config: FaultConfig,
    private readonly random: () => number,
  ) {
    this.remaining = config.count;
  }

  decide(method: string, path: string): FaultKind | undefined {
    const { kinds, methods, pathIncludes, rate } = this.config;
    if (kinds.length === 0) return undefined;
    if (methods && !methods.includes(method)) return undefined;
    if (pathIncludes !== undefined && !path.includes(pathIncludes)) {
      return undefined;
    }
    if (this.remaining !== undefined) {
      if (this.remaining <= 0) return undefined;
      this.remaining -= 1;
      return kinds[this.next++ % kinds.length];
    }
    if (rate <= 0 || this.random() >= rate) return undefined;
    return kinds[
      Math.min(kinds.length - 1, Math.floor(this.random() * kinds.length))
    ];
  }
}
