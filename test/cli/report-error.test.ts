import { describe, expect, it } from "vitest";

import type { CliIo } from "../../src/cli/io.js";
import { reportError } from "../../src/cli/report-error.js";
import { OrgsyncError } from "../../src/util/errors.js";

function capture(): { io: CliIo; text: () => string } {
  let stderr = "";
  const io: CliIo = {
    stdout: { write: () => true },
    stderr: {
      write: (chunk: string) => {
        stderr += chunk;
        return true;
      },
    },
    env: {},
    cwd: "/",
  };
  return { io, text: () => stderr };
}

describe("reportError", () => {
  it("shows an orgsync error as message and hint, without a stack trace", () => {
    const { io, text } = capture();
    reportError(
      new OrgsyncError("E_TEST", "the thing failed", { hint: "try again" }),
      io,
    );
    expect(text()).toBe("error: the thing failed\nhint: try again\n");
  });

  it("escapes terminal controls and bidi overrides that a name carries into a message", () => {
    const { io, text } = capture();
    const name = "Acme\u001b[2J\u202eevil";
    reportError(
      new OrgsyncError("E_TEST", `no organization "${name}"\nsecond line`),
      io,
    );
    expect(text()).toBe(
      'error: no organization "Acme\\x1b[2J\\u202eevil"\nsecond line\n',
    );
    expect(text()).not.toContain("\u001b");
    expect(text()).not.toContain("\u202e");
  });

  it("shows anything else as an internal error with its stack, to be reported", () => {
    const { io, text } = capture();
    reportError(new TypeError("x is undefined"), io);
    expect(text()).toMatch(/^internal error \(a bug in orgsync/);
    expect(text()).toContain("TypeError: x is undefined\n    at ");
  });
});
