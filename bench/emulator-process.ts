/**
 * The emulator in a process of its own, for benchmarks that should not share a CPU with the
 * client (a real site is on another machine). Prints `READY <baseUrl> <origin>` when it
 * listens, and stops when its standard input closes.
 *
 *     node --import tsx bench/emulator-process.ts <organizations> <details> <latencyMs>
 */
import { startEmulator, type EmulatorSeed } from "../src/emulator/index.js";

/** N organizations, each with a value for each of `details` SELECT fields. */
export function benchSeed(
  organizations: number,
  details: number,
): EmulatorSeed {
  const fields = Array.from({ length: details }, (_, i) => ({
    name: `Field ${i}`,
    type: "SELECT",
    options: ["A", "B", "C"],
  }));
  return {
    fields,
    organizations: Array.from({ length: organizations }, (_, i) => ({
      name: `Organization ${i}`,
      details: Object.fromEntries(
        fields.map((f, j) => [f.name, "ABC"[(i + j) % 3]!]),
      ),
    })),
  };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const [organizations = 10_000, details = 10, latencyMs = 20] = process.argv
    .slice(2)
    .map(Number);
  const emu = await startEmulator({
    quiet: true,
    seed: benchSeed(organizations, details),
    latency: { fixedMs: latencyMs },
    maxLogEntries: 10_000,
  });
  process.stdout.write(`READY ${emu.baseUrl} ${emu.origin}\n`);
  process.stdin.resume();
  process.stdin.on("end", () => void emu.close().then(() => process.exit(0)));
}
