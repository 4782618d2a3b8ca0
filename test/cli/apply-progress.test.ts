import { PassThrough } from "node:stream";

import { describe, expect, it } from "vitest";

import type { ApplyEvent, ApplyResult } from "../../src/apply/index.js";
import { confirmApply } from "../../src/cli/confirm.js";
import type { CliIo } from "../../src/cli/io.js";
import { createProgress, createReadProgress } from "../../src/cli/progress.js";

function sink(isTTY: boolean): {
  text: () => string;
  isTTY: boolean;
  write: (s: string) => void;
} {
  let text = "";
  return { isTTY, write: (s: string) => void (text += s), text: () => text };
}

const done = (
  address: string,
  status: ApplyResult["status"] = "applied",
): ApplyEvent => ({
  type: "change-done",
  result: {
    address,
    action: "create",
    status,
    durationMs: 5,
    ...(status === "failed"
      ? { error: { code: "E_API_STATUS", message: "boom" } }
      : {}),
    ...(status === "skipped" ? { reason: "depends on x which failed" } : {}),
  },
});

describe("createProgress", () => {
  it("keeps the bar within a narrow terminal, and assumes 80 columns when told 0", () => {
    const narrow = Object.assign(sink(true), { columns: 20 });
    createProgress(narrow).onEvent({ type: "start", total: 2000 });
    expect(narrow.text()).toBe("\r\u001b[2Kapplying 0/2000 · 0");
    const unknown = Object.assign(sink(true), { columns: 0 });
    createProgress(unknown).onEvent({ type: "start", total: 2000 });
    expect(unknown.text()).toBe(
      "\r\u001b[2Kapplying 0/2000 · 0 failed · 0.0/s",
    );
  });

  it("cuts a coloured bar by its display width, never inside a colour code", () => {
    const bar = (columns: number): string => {
      const out = Object.assign(sink(true), { columns });
      let now = 0;
      const progress = createProgress(out, { color: true, clock: () => now });
      progress.onEvent({ type: "start", total: 4 });
      now = 1000;
      progress.onEvent(done("a", "failed"));
      return out.text().split("\r\u001b[2K").at(-1)!;
    };
    // 31 columns on the screen, 41 characters with the colour codes.
    expect(bar(40)).toBe("applying 1/4 · \u001b[31m1 failed\u001b[39m · 1.0/s");
    // Cut after "1 f": the red is closed, no code is left half-written.
    expect(bar(19)).toBe("applying 1/4 · \u001b[31m1 f\u001b[39m");
  });

  it("reads the site on one throttled line, forced when done, cleared at the end", () => {
    const out = Object.assign(sink(true), { columns: 40 });
    let now = 0;
    const line = createReadProgress(out, true, 100, () => now);
    line.update({ done: 1, total: 3, phase: "organizations" });
    now = 50;
    line.update({ done: 2, total: 3, phase: "organizations" });
    line.update({ done: 3, total: 3, phase: "organizations" });
    line.stop();
    expect(out.text()).toBe(
      "\r\u001b[2Kreading the site: 1/3 requests\r\u001b[2Kreading the site: 3/3 requests\r\u001b[2K",
    );
    const off = sink(true);
    createReadProgress(off, false).update({
      done: 1,
      total: 1,
      phase: "organizations",
    });
    expect(off.text()).toBe("");
  });

  it("in a pipeline writes one line per finished change", () => {
    const out = sink(false);
    const progress = createProgress(out);
    for (const e of [
      { type: "start", total: 2 } as const,
      done("a"),
      done("b", "failed"),
    ]) {
      progress.onEvent(e);
    }
    expect(out.text()).toBe(
      "✓ a created (5 ms)\n✗ b create failed: boom [E_API_STATUS]\n",
    );
  });

  it("with quiet writes only failures", () => {
    const out = sink(false);
    const progress = createProgress(out, { quiet: true });
    for (const e of [
      { type: "start", total: 3 } as const,
      done("a"),
      done("b", "failed"),
      done("c", "skipped"),
    ]) {
      progress.onEvent(e);
    }
    expect(out.text()).toBe("✗ b create failed: boom [E_API_STATUS]\n");
  });

  it("on a terminal redraws one bar with done/total, failures and rate, and clears it at the end", () => {
    const out = sink(true);
    let now = 0;
    const progress = createProgress(out, { clock: () => now, redrawMs: 0 });
    progress.onEvent({ type: "start", total: 4 });
    now = 1000;
    progress.onEvent(done("a"));
    progress.onEvent(done("b", "failed"));
    now = 2000;
    progress.onEvent(done("c"));
    const text = out.text();
    expect(text).toContain("\r\u001b[2Kapplying 0/4 · 0 failed · 0.0/s");
    expect(text).toContain("applying 1/4 · 0 failed · 1.0/s");
    expect(text).toContain("✗ b create failed: boom");
    expect(text).toContain("applying 3/4 · 1 failed · 1.5/s");
    expect(text).not.toContain("✓ a");
    progress.onEvent({
      type: "done",
      report: {
        results: [],
        summary: { applied: 0, failed: 0, skipped: 0 },
        interrupted: false,
      },
    });
    expect(out.text().endsWith("\r\u001b[2K")).toBe(true);
  });
});

function ioWith(stdin: CliIo["stdin"]): { io: CliIo; err: () => string } {
  const err = sink(false);
  const out = sink(false);
  return {
    io: {
      stdout: out,
      stderr: err,
      env: {},
      cwd: "/",
      ...(stdin ? { stdin } : {}),
    },
    err: err.text,
  };
}

function terminal(
  answer: string | undefined,
): PassThrough & { isTTY: boolean } {
  const stream = Object.assign(new PassThrough(), { isTTY: true });
  if (answer === undefined) stream.end();
  else stream.write(answer);
  return stream;
}

describe("confirmApply", () => {
  it("goes on at once with --auto-approve, asking nothing", async () => {
    const { io, err } = ioWith(undefined);
    await confirmApply(io, { autoApprove: true, question: "Apply?" });
    expect(err()).toBe("");
  });

  it("refuses a stdin that is not a terminal without --auto-approve", async () => {
    const stdin = Object.assign(new PassThrough(), { isTTY: false });
    await expect(
      confirmApply(ioWith(stdin).io, {
        autoApprove: false,
        question: "Apply?",
      }),
    ).rejects.toMatchObject({
      code: "E_NOT_CONFIRMED",
      message:
        "stdin is not a terminal; pass --auto-approve to apply in a pipeline",
    });
    await expect(
      confirmApply(ioWith(undefined).io, {
        autoApprove: false,
        question: "Apply?",
      }),
    ).rejects.toMatchObject({
      code: "E_NOT_CONFIRMED",
    });
  });

  it("asks on stderr and goes on only for a typed yes", async () => {
    const yes = ioWith(terminal("yes\n"));
    await confirmApply(yes.io, {
      autoApprove: false,
      question: "Apply 3 changes?",
    });
    expect(yes.err()).toContain(
      'Apply 3 changes?\n  Only "yes" will be accepted: ',
    );

    await expect(
      confirmApply(ioWith(terminal("y\n")).io, {
        autoApprove: false,
        question: "Apply?",
      }),
    ).rejects.toThrow(
      'apply cancelled: the answer was "y", not "yes"; nothing was changed',
    );
    await expect(
      confirmApply(ioWith(terminal(undefined)).io, {
        autoApprove: false,
        question: "Apply?",
      }),
    ).rejects.toThrow("the answer was end of input");
  });
});
