import { describe, expect, it } from "vitest";

import { apiErrorFor } from "../../src/api/call-errors.js";
import {
  ApiError,
  apiErrorHint,
  createRedactor,
  parseErrorBody,
} from "../../src/api/index.js";

describe("parseErrorBody", () => {
  it("reads Jira's errorMessages and errors", () => {
    const parsed = parseErrorBody(
      JSON.stringify({
        errorMessages: ["Organization name is taken"],
        errors: { name: "must be unique", values: ["bad", "worse"] },
      }),
    );
    expect(parsed.messages).toEqual(["Organization name is taken"]);
    expect(parsed.fieldErrors).toEqual([
      { field: "name", message: "must be unique" },
      { field: "values", message: "bad; worse" },
    ]);
  });

  it("reads {code, message} and a bare {message}", () => {
    expect(
      parseErrorBody({ code: "RATE_LIMITED", message: "Slow down" }).messages,
    ).toEqual(["Slow down (RATE_LIMITED)"]);
    expect(parseErrorBody({ code: 403, message: "No" }).messages).toEqual([
      "No (403)",
    ]);
    expect(parseErrorBody('{"message":"Gone"}').messages).toEqual(["Gone"]);
  });

  it("reads OAuth and JSON:API style errors", () => {
    expect(
      parseErrorBody({ error: "invalid_token", error_description: "expired" })
        .messages,
    ).toEqual(["invalid_token: expired"]);
    expect(
      parseErrorBody({
        errors: [{ status: 400, title: "Bad", detail: "Name too long" }, "x"],
      }).messages,
    ).toEqual(["Name too long", "x"]);
  });

  it("keeps a short plain-text body, the words of an HTML page, and copes with anything", () => {
    expect(parseErrorBody("upstream connect error\nmore").messages).toEqual([
      "upstream connect error",
    ]);
    expect(
      parseErrorBody(
        "<html><head><style>p{}</style></head><body>502\n<b>Bad</b> gateway</body></html>",
      ).messages,
    ).toEqual(["502 Bad gateway"]);
    for (const body of ["", "null", "[]", "42", undefined, null, { a: 1 }])
      expect(parseErrorBody(body)).toEqual({ messages: [], fieldErrors: [] });
  });

  it("clips very long messages and removes duplicates", () => {
    const long = "x".repeat(2000);
    const parsed = parseErrorBody({ errorMessages: [long, long] });
    expect(parsed.messages).toHaveLength(1);
    expect(parsed.messages[0]!.length).toBeLessThan(510);
  });

  // Issue 12: every shape listed in api/CSM-API.md "Errors and rate limits".
  it.each([
    [
      "CSM {errorMessage, errors: [...], statusCode}",
      '{"errorMessage":"Invalid request","errors":["name is required"],"statusCode":400}',
      ["name is required", "Invalid request"],
    ],
    [
      "Jira {errorMessages, errors: {}}",
      '{"errorMessages":["Organization not found"],"errors":{}}',
      ["Organization not found"],
    ],
    [
      "service desk {errorMessage, i18nErrorMessage}",
      '{"errorMessage":"No permission","i18nErrorMessage":{"i18nKey":"sd.err.perm","parameters":[]}}',
      ["No permission"],
    ],
    [
      "service desk i18nErrorMessage alone",
      '{"i18nErrorMessage":{"i18nKey":"sd.err.limit","parameters":["50",7]}}',
      ["sd.err.limit (50, 7)"],
    ],
    [
      "gateway {code, message}",
      '{"code":401,"message":"Unauthorized; scope does not match"}',
      ["Unauthorized; scope does not match (401)"],
    ],
    [
      "an HTML 429",
      "<html>The request has been rate-limited.</html>",
      ["The request has been rate-limited."],
    ],
    ["an empty body", "", []],
  ])("reads %s", (_shape, body, messages) => {
    expect(parseErrorBody(body).messages).toEqual(messages);
  });

  it("redacts before clipping: a secret at the 500-character cut leaves nothing behind", () => {
    const secret = "SENTINEL-0123456789abcdef-secret";
    const redact = createRedactor([secret]);
    for (const at of [470, 480, 490, 499, 500]) {
      const text = `${"x".repeat(at)}${secret} tail`;
      const parsed = parseErrorBody({ errorMessages: [text] }, redact);
      const raw = parseErrorBody(JSON.stringify({ message: text }), redact);
      for (const message of [...parsed.messages, ...raw.messages]) {
        // Any 8 characters of the secret would be a leak (all but its last one, before).
        for (let i = 0; i + 8 <= secret.length; i++)
          expect(message).not.toContain(secret.slice(i, i + 8));
      }
    }
  });

  it("treats __proto__ as a field name, not a prototype", () => {
    const parsed = parseErrorBody('{"errors":{"__proto__":"bad name"}}');
    expect(parsed.fieldErrors).toEqual([
      { field: "__proto__", message: "bad name" },
    ]);
  });
});

describe("ApiError", () => {
  it("says what failed, what the API said, and the next step", () => {
    const error = new ApiError({
      method: "POST",
      path: "organization/profile",
      status: 400,
      messages: ["Invalid value"],
      fieldErrors: [{ field: "Region", message: "not an option" }],
      rawBody: "{}",
      attempts: 1,
    });
    expect(error.code).toBe("E_API_STATUS");
    expect(error.message).toBe(
      "POST organization/profile answered 400 Bad Request (the site said: Invalid value; Region: not an option)",
    );
    expect(error.hint).toMatch(/type and options/);
  });

  // Issue 15, item 8: a 401 whose JSON is in no known shape is said in words, not as a blob.
  it("leaves JSON in no known shape out of the message, and keeps a text body", () => {
    const call = { method: "GET" as const, path: "organization/details" };
    const redact = createRedactor([]);
    const blob = apiErrorFor(
      call,
      {
        status: 401,
        text: '{"status":401,"timestamp":"2026-11-29T19:00:00Z"}',
      },
      1,
      redact,
    );
    expect(blob.message).toBe(
      "the site did not accept the credentials: GET organization/details answered 401 Unauthorized",
    );
    expect(blob.rawBody).toContain('"timestamp"');
    const text = apiErrorFor(
      call,
      { status: 401, text: "Unauthorized: token expired" },
      1,
      redact,
    );
    expect(text.message).toContain(
      "(the site said: Unauthorized: token expired)",
    );
  });

  it("hints at the cause of the common statuses", () => {
    const hint = (method: "GET" | "DELETE", status: number): string =>
      apiErrorHint({ method, status, attempts: 6 }) ?? "";
    expect(hint("GET", 401)).toMatch(
      /ORGSYNC_TOKEN.*ORGSYNC_EMAIL.*ORGSYNC_API_TOKEN/,
    );
    expect(hint("DELETE", 403)).toMatch(/Administer Jira/);
    expect(hint("GET", 412)).toMatch(/X-ExperimentalApi: opt-in/);
    expect(hint("GET", 429)).toMatch(/after 6 attempts/);
    expect(hint("GET", 503)).toMatch(/all 6 attempts/);
  });
});
