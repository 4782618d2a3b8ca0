import { createClient } from "../../api/create-client.js";
import { createServiceDeskClient } from "../../api/create-servicedesk-client.js";
import {
  readOnlyClient,
  readOnlyServiceDesk,
} from "../../api/read-only-client.js";
import { createServiceDeskAccess } from "../../api/servicedesk-access.js";
import {
  renderDoctorJson,
  renderDoctorText,
  runDoctor,
} from "../../doctor/index.js";
import { createStyle } from "../../util/style.js";
import {
  baseUrlFromCli,
  clientOptions,
  credentialsFromCli,
  recorderFor,
  serviceDeskBaseUrlFromCli,
  serviceDeskOverride,
  type ConnectionFlags,
} from "../connection.js";
import { colorEnabled, EXIT, type CliIo, type CommandResult } from "../io.js";

/** Few retries: the doctor should say what is wrong quickly, not ride it out. */
const DOCTOR_RETRY = { maxAttempts: 2, maxTotalWaitMs: 5_000 } as const;

/** `orgsync doctor` as commander parsed it. */
export interface DoctorOptions extends ConnectionFlags {
  readonly format: "text" | "json";
}

/**
 * `orgsync doctor`: checks, read-only, that orgsync can work with the site the connection
 * flags name. Every check runs that can (see runDoctor); exit 0 when none failed, else 1.
 */
export async function runDoctorCommand(
  options: DoctorOptions,
  io: CliIo,
): Promise<CommandResult> {
  const record = recorderFor(options, io);
  const report = await runDoctor({
    credentials: () => credentialsFromCli(options, io),
    baseUrl: () => baseUrlFromCli(options, io),
    ...(options.site === undefined ? {} : { site: options.site }),
    connect: ({ baseUrl, credentials, onExchange, experimentalHeader }) =>
      readOnlyClient(
        createClient(
          clientOptions(baseUrl, credentials, options, io, {
            retry: DOCTOR_RETRY,
            experimentalHeader,
            onExchange: (exchange) => {
              onExchange(exchange);
              record?.(exchange);
            },
          }),
        ),
      ),
    serviceDesk: (csmBaseUrl, credentials) => ({
      explicit: serviceDeskOverride(options, io.env) !== undefined,
      access: readOnlyServiceDesk(
        createServiceDeskAccess({
          baseUrl: serviceDeskBaseUrlFromCli(
            options,
            io,
            csmBaseUrl,
            credentials,
          ),
          csmBaseUrl,
          connect: (root) =>
            createServiceDeskClient(
              clientOptions(root, credentials, options, io, {
                retry: DOCTOR_RETRY,
                ...(record === undefined ? {} : { onExchange: record }),
              }),
            ),
        }),
      ),
    }),
  });
  return {
    exitCode: report.ok ? EXIT.ok : EXIT.error,
    output:
      options.format === "json"
        ? renderDoctorJson(report)
        : renderDoctorText(
            report,
            createStyle(colorEnabled(io.stdout, io.env)),
          ),
  };
}
