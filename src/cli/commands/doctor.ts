import { createClient } from "../../api/create-client.js";
import { readOnlyClient } from "../../api/read-only-client.js";
import {
  renderDoctorJson,
  renderDoctorText,
  runDoctor,
} from "../../doctor/index.js";
import { UsageError } from "../../util/errors.js";
import { createStyle } from "../../util/style.js";
import {
  baseUrlFromCli,
  clientOptions,
  credentialsFromCli,
  recorderFor,
  tuningFromCli,
} from "../connection.js";
import { colorEnabled, EXIT, type CliIo } from "../io.js";
import type { RawCommand } from "../main.js";

/** Few retries: the doctor should say what is wrong quickly, not ride it out. */
const DOCTOR_RETRY = { maxAttempts: 2, maxTotalWaitMs: 5_000 } as const;

/**
 * `orgsync doctor`: checks, read-only, that orgsync can work with the site the connection
 * flags name. Every check runs that can (see runDoctor); exit 0 when none failed, else 1.
 */
export async function runDoctorCommand(
  raw: RawCommand,
  io: CliIo,
): Promise<number> {
  const format = raw.flags.format ?? "text";
  if (format !== "text" && format !== "json")
    throw new UsageError(
      `--format ${JSON.stringify(format)} is not a doctor format`,
      { hint: "use --format text or json" },
    );
  const tuning = tuningFromCli(raw.flags, io);
  const record = recorderFor(tuning, io);
  const site = typeof raw.flags.site === "string" ? raw.flags.site : undefined;
  const report = await runDoctor({
    credentials: () => credentialsFromCli(raw.flags, io),
    baseUrl: () => baseUrlFromCli(raw.flags, io),
    ...(site === undefined ? {} : { site }),
    connect: ({ baseUrl, credentials, onExchange, experimentalHeader }) =>
      readOnlyClient(
        createClient(
          clientOptions(baseUrl, credentials, tuning, {
            retry: DOCTOR_RETRY,
            experimentalHeader,
            onExchange: (exchange) => {
              onExchange(exchange);
              record?.(exchange);
            },
          }),
        ),
      ),
  });
  io.stdout.write(
    format === "json"
      ? renderDoctorJson(report)
      : renderDoctorText(report, createStyle(colorEnabled(io.stdout, io.env))),
  );
  return report.ok ? EXIT.ok : EXIT.error;
}
