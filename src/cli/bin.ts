#!/usr/bin/env node
import { main } from "./main.js";

const interrupt = new AbortController();
const abort = new AbortController();
let claimed = false;

/**
 * Ctrl-C (SIGINT) or SIGTERM (a service manager, `docker stop`, CI cancelling a job): the
 * message names what was received, and says Ctrl-C only to whoever pressed it.
 */
const onSignal = (signal: NodeJS.Signals): void => {
  const byKey = signal === "SIGINT";
  if (!claimed) {
    process.stderr.write(`\n${byKey ? "interrupted" : `${signal}: stopped`}\n`);
    process.exit(130);
  }
  if (!interrupt.signal.aborted) {
    interrupt.abort();
    process.stderr.write(
      byKey
        ? "\ninterrupt: stopping gracefully (work in flight finishes); Ctrl-C again to stop at once\n"
        : `\n${signal}: stopping gracefully (work in flight finishes); send ${signal} again to stop at once\n`,
    );
  } else {
    abort.abort();
  }
};
process.on("SIGINT", onSignal);
process.on("SIGTERM", onSignal);

const code = await main(process.argv.slice(2), {
  stdout: process.stdout,
  stderr: process.stderr,
  stdin: process.stdin,
  env: process.env,
  cwd: process.cwd(),
  signals: {
    interrupt: interrupt.signal,
    abort: abort.signal,
    claim: () => {
      claimed = true;
    },
  },
});

// Let stdout drain (a pipe may be slower than we are) before the process ends.
process.stdout.write("", () => process.exit(code));
