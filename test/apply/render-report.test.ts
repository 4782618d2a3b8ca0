import { describe, expect, it } from "vitest";

import {
  renderReport,
  resultLine,
  type ApplyReport,
  type ApplyResult,
} from "../../src/apply/index.js";

const applied = (
  address: string,
  extra: Partial<ApplyResult> = {},
): ApplyResult => ({
  address,
  action: "create",
  status: "applied",
  durationMs: 12,
  ...extra,
});

function reportOf(results: ApplyResult[], interrupted = false): ApplyReport {
  const count = (status: string) =>
    results.filter((r) => r.status === status).length;
  return {
    results,
    summary: {
      applied: count("applied"),
      failed: count("failed"),
      skipped: count("skipped"),
    },
    interrupted,
  };
}

describe("renderReport", () => {
  it("is just the summary when everything was applied", () => {
    expect(
      renderReport(reportOf([applied("a"), applied("b")]), { color: false }),
    ).toBe("Apply complete: 2 applied, 0 failed, 0 skipped.\n");
  });

  it("lists failures with their error and skips with their reason, then how to finish", () => {
    const text = renderReport(
      reportOf([
        applied('organization["Globex"]'),
        {
          address: 'field["Tier"]',
          action: "rename",
          status: "failed",
          error: {
            code: "E_API_STATUS",
            message: "PUT organization/details/Level answered 500",
          },
          durationMs: 40,
        },
        {
          address: 'organization["Acme"].detail["Tier"]',
          action: "update",
          status: "skipped",
          reason: 'depends on field["Tier"] which failed',
          durationMs: 0,
        },
      ]),
      { color: false },
    );
    expect(text).toMatchInlineSnapshot(`
      "Failed:
        ✗ field["Tier"] rename failed: PUT organization/details/Level answered 500 [E_API_STATUS]
      Skipped:
        - organization["Acme"].detail["Tier"] update skipped: depends on field["Tier"] which failed
      Run \`orgsync apply PATH...\` again to finish (or \`orgsync plan --out FILE\` for a new plan to review): it plans from the site as it is now, so what was applied is not repeated. A saved plan cannot be applied twice: the site has changed since it was made.
      Apply failed: 1 applied, 1 failed, 1 skipped.
      "
    `);
  });

  it("counts many changes skipped for one reason instead of listing them all", () => {
    const skipped = Array.from({ length: 40 }, (_, i) => ({
      address: `field["F${i}"]`,
      action: "create" as const,
      status: "skipped" as const,
      reason: "not started: apply was interrupted",
      durationMs: 0,
    }));
    const text = renderReport(reportOf(skipped, true), {
      color: false,
      maxPerReason: 3,
    });
    expect(
      text.split("\n").filter((line) => line.includes("skipped:")),
    ).toHaveLength(3);
    expect(text).toContain("… and 37 more: not started: apply was interrupted");
    expect(text).toContain(
      "Apply interrupted: 0 applied, 0 failed, 40 skipped.",
    );
  });

  it("escapes names and messages from the site so they cannot act on the terminal", () => {
    const line = resultLine(
      {
        address: 'organization["Evil\u001b[2J"]',
        action: "create",
        status: "failed",
        error: { code: "E_API_STATUS", message: "bad\u202ename" },
        durationMs: 1,
      },
      { color: false },
    );
    expect(line).not.toContain("\u001b");
    expect(line).not.toContain("\u202e");
    expect(line).toContain("\\x1b[2J");
  });

  it("says when a change was recovered after a lost answer", () => {
    expect(
      resultLine(applied('field["A"]', { recovered: true }), { color: false }),
    ).toBe('✓ field["A"] created (recovered after a lost answer) (12 ms)');
  });

  it("colours only when asked", () => {
    const report = reportOf([applied("a")]);
    expect(renderReport(report, { color: true })).toContain("\u001b[");
    expect(renderReport(report, { color: false })).not.toContain("\u001b[");
  });
});

describe("renderReport: what to do next (issue 15, item 8)", () => {
  const failed = (address: string, status: number): ApplyResult => ({
    address,
    action: "create",
    status: "failed",
    error: {
      code: "E_API_STATUS",
      message: `answered ${status}`,
      status,
      hint: `hint for ${status}`,
    },
    durationMs: 3,
  });

  it("after refusals only, says to fix them first, not to run again to finish, and ends with the failure", () => {
    const text = renderReport(
      reportOf([failed('field["A"]', 403), failed('field["B"]', 401)]),
      { color: false },
    );
    expect(text).not.toContain("again to finish");
    expect(text).toContain(
      "The site refused 2 changes (see the errors above): running apply again fails the same way until that is fixed",
    );
    expect(text).toContain("  hint: hint for 403\n  hint: hint for 401\n");
    expect(text.trimEnd().split("\n").at(-1)).toBe(
      "Apply failed: 0 applied, 2 failed, 0 skipped.",
    );
  });

  it("after a refusal and a failure that passes, says both", () => {
    const text = renderReport(
      reportOf([failed('field["A"]', 400), failed('field["B"]', 503)]),
      { color: false },
    );
    expect(text).toContain("The site refused 1 change");
    expect(text).toContain("again to finish");
  });
});
