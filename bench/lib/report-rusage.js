// Preloaded into a measured process (`node --import`): when the process exits, writes its own
// CPU time and peak resident memory (getrusage, every thread included) to the file named by
// ORGSYNC_BENCH_RUSAGE. Plain JavaScript, so the measured process loads no TypeScript tooling.
import { writeFileSync } from "node:fs";
import process from "node:process";

const out = process.env.ORGSYNC_BENCH_RUSAGE;
if (out) {
  process.on("exit", () => {
    const usage = process.resourceUsage();
    writeFileSync(
      out,
      JSON.stringify({
        userMs: usage.userCPUTime / 1000,
        systemMs: usage.systemCPUTime / 1000,
        maxRssMb: usage.maxRSS / 1024,
      }),
    );
  });
}
