/** A manual clock: `sleep` resolves only when `advance` moves time past it. */
export interface FakeClock {
  readonly now: () => number;
  readonly sleep: (ms: number) => Promise<void>;
  /** Moves time forward, firing due timers in order, and lets promises settle. */
  readonly advance: (ms: number) => Promise<void>;
  /** Lets pending promise callbacks run without moving time. */
  readonly settle: () => Promise<void>;
}

export function fakeClock(start = 1_000_000): FakeClock {
  let time = start;
  let timers: { at: number; resolve: () => void }[] = [];
  const settle = async (): Promise<void> => {
    for (let i = 0; i < 5; i += 1)
      await new Promise<void>((resolve) => setImmediate(resolve));
  };
  return {
    now: () => time,
    sleep: (ms) =>
      new Promise<void>((resolve) => {
        timers.push({ at: time + Math.max(0, ms), resolve });
      }),
    advance: async (ms) => {
      const end = time + ms;
      for (;;) {
        const due = timers
          .filter((t) => t.at <= end)
          .sort((a, b) => a.at - b.at)[0];
        if (due === undefined) break;
        time = Math.max(time, due.at);
        timers = timers.filter((t) => t !== due);
        due.resolve();
        await settle();
      }
      time = end;
      await settle();
    },
    settle,
  };
}
