import { startEmulator } from "./start-emulator.js";
import type { EmulatorOptions, RunningEmulator } from "./types.js";

/**
 * Runs the emulator until `signal` aborts, then closes it cleanly (connections ended,
 * pending state written). `onReady` is called once it listens, e.g. to print its address.
 */
export async function runEmulatorUntil(
  options: EmulatorOptions,
  signal: AbortSignal,
  onReady?: (emulator: RunningEmulator) => void,
): Promise<void> {
  const emulator = await startEmulator(options);
  try {
    onReady?.(emulator);
    if (!signal.aborted) {
      await new Promise<void>((resolve) =>
        signal.addEventListener("abort", () => resolve(), { once: true }),
      );
    }
  } finally {
    await emulator.close();
  }
}
