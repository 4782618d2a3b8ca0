import fc from "fast-check";
import { describe, expect, it } from "vitest";

import {
  escapeForTerminal,
  escapeHtml,
  escapeMarkdown,
  escapeMarkdownCode,
} from "../../src/util/escape.js";
import { createStyle } from "../../src/util/style.js";

/** Control, bidi and invisible characters a terminal or a reader could be fooled by. */
function dangerous(text: string): string[] {
  return [...text].filter((char) => {
    const code = char.codePointAt(0) ?? 0;
    return (
      code < 0x20 ||
      (code >= 0x7f && code <= 0x9f) ||
      (code >= 0x200b && code <= 0x200f) ||
      (code >= 0x2028 && code <= 0x202e) ||
      (code >= 0x2060 && code <= 0x2069) ||
      code === 0xfeff
    );
  });
}

describe("escapeForTerminal", () => {
  it("shows escape sequences, bidi overrides and line breaks as visible escapes", () => {
    expect(escapeForTerminal("Acme\u001b[31mRed")).toBe("Acme\\x1b[31mRed");
    expect(escapeForTerminal("abc\u202edcba")).toBe("abc\\u202edcba");
    expect(escapeForTerminal("isolate\u2066x\u2069")).toBe(
      "isolate\\u2066x\\u2069",
    );
    expect(escapeForTerminal("two\nlines\r\tand\u0000")).toBe(
      "two\\x0alines\\x0d\\x09and\\x00",
    );
    expect(escapeForTerminal("c1\u009bcsi del\u007f")).toBe(
      "c1\\x9bcsi del\\x7f",
    );
    expect(escapeForTerminal("zero\u200bwidth nb\u00a0sp")).toBe(
      "zero\\u200bwidth nb\\xa0sp",
    );
    expect(escapeForTerminal("tag\u{e0041}")).toBe("tag\\u{e0041}");
  });

  it("leaves ordinary text, including non-Latin names and emoji, as it is", () => {
    for (const name of [
      "Acme Corp",
      "Ünïcødé GmbH",
      "株式会社",
      "Café ☕",
      "🚀 Rocket",
    ]) {
      expect(escapeForTerminal(name)).toBe(name);
    }
  });

  it("never lets a control or bidi character through, for any text", () => {
    fc.assert(
      fc.property(fc.string({ unit: "binary" }), (text) => {
        expect(dangerous(escapeForTerminal(text))).toEqual([]);
      }),
      { numRuns: 300 },
    );
  });
});

describe("escapeMarkdown", () => {
  it("neutralises Markdown, tables, HTML and mentions", () => {
    expect(escapeMarkdown("`code` *bold* _it_ [a](b) | # ~~s~~ !x $m$")).toBe(
      "\\`code\\` \\*bold\\* \\_it\\_ \\[a\\]\\(b\\) \\| \\# \\~\\~s\\~\\~ \\!x \\$m\\$",
    );
    expect(escapeMarkdown("</details><script>&amp;")).toBe(
      "&lt;/details&gt;&lt;script&gt;&amp;amp;",
    );
    expect(escapeMarkdown("ping @octocat")).toBe("ping @&#8203;octocat");
    expect(escapeMarkdown("a\\b")).toBe("a\\\\b");
  });

  it("makes control characters visible first, and escapes the backslash that shows them", () => {
    expect(escapeMarkdown("x\ny\u202e")).toBe("x\\\\x0ay\\\\u202e");
  });

  it("keeps any text on one table row, with no raw pipe, tag or backtick", () => {
    fc.assert(
      fc.property(fc.string({ unit: "binary" }), (text) => {
        const escaped = escapeMarkdown(text);
        expect(dangerous(escaped)).toEqual([]);
        expect(escaped).not.toMatch(/(^|[^\\])(\\\\)*[|`<>]/);
      }),
      { numRuns: 300 },
    );
  });
});

describe("escapeHtml", () => {
  it("escapes tags and entities but not Markdown, for raw HTML such as <summary>", () => {
    expect(escapeHtml("</summary><b>[x](y)</b> & @me\u001b")).toBe(
      "&lt;/summary&gt;&lt;b&gt;[x](y)&lt;/b&gt; &amp; @&#8203;me\\x1b",
    );
  });
});

describe("createStyle", () => {
  it("wraps text in ANSI codes only when enabled", () => {
    const on = createStyle(true);
    const off = createStyle(false);
    expect(on.red("x")).toBe("\u001b[31mx\u001b[39m");
    expect(on.bold(on.green("x"))).toBe(
      "\u001b[1m\u001b[32mx\u001b[39m\u001b[22m",
    );
    for (const paint of [
      off.bold,
      off.dim,
      off.red,
      off.green,
      off.yellow,
      off.cyan,
    ]) {
      expect(paint("plain")).toBe("plain");
    }
    expect(off.enabled).toBe(false);
  });
});

describe("inert Markdown (issue 13, finding 4)", () => {
  it("breaks bare links, www. and #123 references in text and in HTML", () => {
    expect(escapeMarkdown("https://evil.example/x")).toBe(
      "https:&#8203;//evil.example/x",
    );
    expect(escapeMarkdown("see www.evil.example, #12")).toBe(
      "see www&#8203;.evil.example, \\#&#8203;12",
    );
    expect(escapeHtml("ftp://x @bob #7")).toBe(
      "ftp:&#8203;//x @&#8203;bob #&#8203;7",
    );
  });

  it("never lets data hold an HTML comment, in text, HTML or a code block", () => {
    const separator = "<!-- orgsync:part-break -->";
    expect(escapeMarkdown(separator)).not.toContain("<!--");
    expect(escapeHtml(separator)).not.toContain("<!--");
    expect(escapeMarkdownCode(`a\n${separator}\n`)).toBe(
      "a\\x0a<\\x21-- orgsync:part-break -->\\x0a",
    );
  });
});
