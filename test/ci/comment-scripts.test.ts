import { spawn } from "node:child_process";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { parse } from "yaml";
import { readFileSync } from "node:fs";

import { startCliRig } from "../cli/helpers/cli-rig.js";
import { markdownProblems } from "../reliability/output-checks.js";
import { githubScriptSteps } from "./recipe-commands.js";

/**
 * The recipes' comment-posting scripts, run for real: the GitHub ones with an in-memory
 * stand-in for the Octokit object that actions/github-script hands them, the GitLab one as
 * the shell runs it (node reading a heredoc) against a small GitLab API stand-in on loopback.
 * They must update the same comments on every run, never add duplicates.
 */

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "../..");
const CI = join(ROOT, "examples/ci");
const SEPARATOR = "\n<!-- orgsync:part-break -->\n";

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), "orgsync-ci-"));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

interface Comment {
  id: number;
  issue_number: number;
  body: string;
  user: { login: string };
}
interface Issue {
  number: number;
  state: string;
  labels: { name: string }[];
  title: string;
}

function fakeGitHub() {
  let next = 100;
  const comments = new Map<number, Comment>();
  const issues: Issue[] = [];
  const data = <T>(value: T) => Promise.resolve({ data: value });
  const rest = {
    issues: {
      listComments: ({ issue_number }: { issue_number: number }) =>
        data(
          [...comments.values()].filter((c) => c.issue_number === issue_number),
        ),
      createComment: ({
        issue_number,
        body,
      }: {
        issue_number: number;
        body: string;
      }) => {
        const comment = {
          id: next++,
          issue_number,
          body,
          user: { login: "github-actions[bot]" },
        };
        comments.set(comment.id, comment);
        return data(comment);
      },
      updateComment: ({
        comment_id,
        body,
      }: {
        comment_id: number;
        body: string;
      }) => {
        comments.get(comment_id)!.body = body;
        return data(comments.get(comment_id));
      },
      deleteComment: ({ comment_id }: { comment_id: number }) => {
        comments.delete(comment_id);
        return data(undefined);
      },
      listForRepo: ({ labels, state }: { labels: string; state: string }) =>
        data(
          issues.filter(
            (i) => i.state === state && i.labels.some((l) => l.name === labels),
          ),
        ),
      create: ({ title, labels }: { title: string; labels: string[] }) => {
        const issue = {
          number: next++,
          state: "open",
          title,
          labels: labels.map((name) => ({ name })),
        };
        issues.push(issue);
        return data(issue);
      },
      update: ({
        issue_number,
        state,
      }: {
        issue_number: number;
        state: string;
      }) => {
        issues.find((i) => i.number === issue_number)!.state = state;
        return data(undefined);
      },
    },
  };
  const paginate = async (
    method: (p: unknown) => Promise<{ data: unknown[] }>,
    params: unknown,
  ) => (await method(params)).data;
  return { github: { rest, paginate }, comments, issues };
}

type Script = (...args: unknown[]) => Promise<unknown>;
const AsyncFunction = (async () => {}).constructor as new (
  ...names: string[]
) => Script;

async function runGithubScript(
  workflow: string,
  github: unknown,
  env: Record<string, string>,
): Promise<void> {
  const [step] = githubScriptSteps(join(CI, "github", workflow));
  const script = new AsyncFunction(
    "github",
    "context",
    "core",
    "require",
    "process",
    step!.script,
  );
  const context = {
    repo: { owner: "acme", repo: "customers" },
    issue: { number: 7 },
    serverUrl: "https://github.com",
    runId: 42,
  };
  await script(github, context, {}, createRequire(import.meta.url), {
    env: { ...step!.env, ...env },
  });
}

const marked = (comments: Map<number, Comment>, marker: string) =>
  [...comments.values()].filter((c) => c.body.includes(marker));

describe("GitHub plan comment", () => {
  it("posts one comment per part, then edits them in place and removes the surplus", async () => {
    const { github, comments } = fakeGitHub();
    comments.set(1, {
      id: 1,
      issue_number: 7,
      body: "quoting <!-- orgsync-plan --> by hand",
      user: { login: "jane" },
    });
    const report = join(dir, "plan.md");

    await writeFile(report, ["part one", "part two"].join(SEPARATOR));
    await runGithubScript("orgsync-plan.yml", github, { REPORT_FILE: report });
    const first = marked(comments, "<!-- orgsync-plan -->\n");
    expect(first.map((c) => c.body)).toEqual([
      "<!-- orgsync-plan -->\npart one",
      "<!-- orgsync-plan -->\npart two",
    ]);

    await writeFile(report, "a new plan\n");
    await runGithubScript("orgsync-plan.yml", github, { REPORT_FILE: report });
    const second = marked(comments, "<!-- orgsync-plan -->\n");
    expect(second.map((c) => [c.id, c.body])).toEqual([
      [first[0]!.id, "<!-- orgsync-plan -->\na new plan"],
    ]);
    expect(comments.get(1)!.body).toBe("quoting <!-- orgsync-plan --> by hand");
  });

  it("cuts a part that is too long for one comment at line ends", async () => {
    const { github, comments } = fakeGitHub();
    const report = join(dir, "plan.md");
    const line = `${"x".repeat(99)}\n`;
    await writeFile(report, line.repeat(1500));
    await runGithubScript("orgsync-plan.yml", github, { REPORT_FILE: report });
    const posted = marked(comments, "<!-- orgsync-plan -->");
    expect(posted).toHaveLength(3);
    for (const comment of posted)
      expect(comment.body.length).toBeLessThanOrEqual(65_536);
  });
});

describe("GitHub drift issue", () => {
  it("opens one labelled issue, keeps its report current, and closes it when the drift is gone", async () => {
    const { github, comments, issues } = fakeGitHub();
    const report = join(dir, "drift.md");
    await writeFile(report, "## orgsync drift: 1 difference\n");
    await runGithubScript("orgsync-drift.yml", github, {
      REPORT_FILE: report,
      DRIFT_EXIT: "2",
    });
    await writeFile(report, "## orgsync drift: 2 differences\n");
    await runGithubScript("orgsync-drift.yml", github, {
      REPORT_FILE: report,
      DRIFT_EXIT: "2",
    });
    expect(issues).toHaveLength(1);
    const reports = marked(comments, "<!-- orgsync-drift -->");
    expect(reports).toHaveLength(1);
    expect(reports[0]!.body).toContain("2 differences");

    await runGithubScript("orgsync-drift.yml", github, {
      REPORT_FILE: report,
      DRIFT_EXIT: "0",
    });
    expect(issues[0]!.state).toBe("closed");
    expect([...comments.values()].at(-1)!.body).toMatch(/^No drift any more/);
  });
});

/** A GitLab API stand-in: merge request and issue notes, issues, and the token's user. */
function fakeGitLab() {
  let next = 1;
  const notes = new Map<
    string,
    { id: number; body: string; author: { id: number } }[]
  >();
  const issues: { iid: number; state: string; labels: string[] }[] = [];
  const body = async (request: IncomingMessage) => {
    let text = "";
    for await (const chunk of request) text += String(chunk);
    return text === "" ? {} : (JSON.parse(text) as Record<string, string>);
  };
  const server = createServer((request, response) => {
    void (async () => {
      const url = new URL(request.url!, "http://x");
      const path = url.pathname.replace(/^\/api\/v4\/projects\/9/, "");
      const send = (status: number, value?: unknown) => {
        response.writeHead(status, { "content-type": "application/json" });
        response.end(value === undefined ? "" : JSON.stringify(value));
      };
      if (request.headers["private-token"] !== "gl-token") return send(401, {});
      if (url.pathname === "/api/v4/user") return send(200, { id: 5 });
      const list =
        /^(\/(?:merge_requests|issues)\/\d+\/notes)(?:\/(\d+))?$/.exec(path);
      if (list) {
        const key = list[1]!;
        const all = notes.get(key) ?? [];
        notes.set(key, all);
        if (request.method === "GET") {
          const page = Number(url.searchParams.get("page"));
          return send(200, all.slice((page - 1) * 100, page * 100));
        }
        if (request.method === "POST") {
          const note = {
            id: next++,
            body: (await body(request)).body!,
            author: { id: 5 },
          };
          all.push(note);
          return send(201, note);
        }
        const note = all.find((n) => n.id === Number(list[2]));
        if (request.method === "PUT") {
          note!.body = (await body(request)).body!;
          return send(200, note);
        }
        all.splice(all.indexOf(note!), 1);
        return send(204);
      }
      if (path === "/issues" && request.method === "GET") {
        return send(
          200,
          issues.filter(
            (i) => i.state === "opened" && i.labels.includes("orgsync-drift"),
          ),
        );
      }
      if (path === "/issues" && request.method === "POST") {
        const issue = {
          iid: next++,
          state: "opened",
          labels: [(await body(request)).labels!],
        };
        issues.push(issue);
        return send(201, issue);
      }
      const edit = /^\/issues\/(\d+)$/.exec(path);
      if (edit && request.method === "PUT") {
        if ((await body(request)).state_event === "close") {
          issues.find((i) => i.iid === Number(edit[1]))!.state = "closed";
        }
        return send(200, {});
      }
      return send(404, { path });
    })();
  });
  return { server, notes, issues };
}

function gitlabScript(): string {
  const pipeline = parse(
    readFileSync(join(CI, "gitlab/.gitlab-ci.yml"), "utf8"),
  ) as Record<string, unknown>;
  return (pipeline[".post-report"] as string[])[0]!;
}

async function runGitlabScript(
  server: Server,
  env: Record<string, string>,
): Promise<string> {
  const { port } = server.address() as AddressInfo;
  const child = spawn("sh", ["-c", gitlabScript()], {
    cwd: dir,
    env: {
      PATH: process.env.PATH,
      CI_API_V4_URL: `http://127.0.0.1:${port}/api/v4`,
      CI_PROJECT_ID: "9",
      CI_MERGE_REQUEST_IID: "3",
      CI_PIPELINE_URL: "https://gitlab.example/p/1",
      ORGSYNC_GITLAB_TOKEN: "gl-token",
      ORGSYNC_PART_LIMIT: "60000",
      ...env,
    },
  });
  let output = "";
  child.stdout.on("data", (chunk) => (output += String(chunk)));
  child.stderr.on("data", (chunk) => (output += String(chunk)));
  const code = await new Promise<number | null>((done) =>
    child.on("close", done),
  );
  expect(code, output).toBe(0);
  return output;
}

describe("GitLab note script", () => {
  let gitlab: ReturnType<typeof fakeGitLab>;
  beforeEach(async () => {
    gitlab = fakeGitLab();
    await new Promise<void>((done) =>
      gitlab.server.listen(0, "127.0.0.1", done),
    );
  });
  afterEach(async () => {
    await new Promise((done) => gitlab.server.close(done));
  });

  it("keeps one merge request note per part, edited in place", async () => {
    const env = {
      REPORT_FILE: "plan.md",
      NOTE_TARGET: "mr",
      MARKER: "<!-- orgsync-plan -->",
    };
    await writeFile(join(dir, "plan.md"), ["one", "two"].join(SEPARATOR));
    await runGitlabScript(gitlab.server, env);
    await writeFile(join(dir, "plan.md"), "only one now\n");
    await runGitlabScript(gitlab.server, env);
    expect(
      gitlab.notes.get("/merge_requests/3/notes")!.map((n) => [n.id, n.body]),
    ).toEqual([[1, "<!-- orgsync-plan -->\nonly one now"]]);
  });

  it("opens, updates and closes the drift issue", async () => {
    const env = {
      REPORT_FILE: "drift.md",
      NOTE_TARGET: "drift",
      MARKER: "<!-- orgsync-drift -->",
    };
    await writeFile(join(dir, "drift.md"), "drift 1\n");
    await runGitlabScript(gitlab.server, { ...env, DRIFT_EXIT: "2" });
    await writeFile(join(dir, "drift.md"), "drift 2\n");
    await runGitlabScript(gitlab.server, { ...env, DRIFT_EXIT: "2" });
    expect(gitlab.issues).toHaveLength(1);
    const iid = gitlab.issues[0]!.iid;
    expect(
      gitlab.notes.get(`/issues/${iid}/notes`)!.map((n) => n.body),
    ).toEqual(["<!-- orgsync-drift -->\ndrift 2"]);
    await runGitlabScript(gitlab.server, { ...env, DRIFT_EXIT: "0" });
    expect(gitlab.issues[0]!.state).toBe("closed");
  });
});

/** Names that try to split a comment, link, mention, show an image or open HTML. */
const INJECTED = [
  "Split <!-- orgsync:part-break --> [x](https://evil.example) @here",
  "https://evil.example/login",
  "www.evil.example #1 ![i](https://evil.example/i.png) <img src=x>",
];
const HOSTILE_VALUE =
  "v\n<!-- orgsync:part-break -->\n</details> https://evil.example @here";

describe("comment injection through the Markdown plan (issue 13, finding 4)", () => {
  it("posts the real plan of hostile names as one inert comment, GitHub and GitLab alike", async () => {
    const rig = await startCliRig(
      {
        fields: [{ name: "Notes", type: "TEXT" }],
        organizations: INJECTED.map((name) => ({ name })),
      },
      {
        "orgsync/orgs.yaml": `apiVersion: orgsync/v1
kind: Organizations
organizations:
${INJECTED.map((name, i) =>
  i === 0
    ? `  - name: ${JSON.stringify(name)}\n    details: { Notes: ${JSON.stringify(HOSTILE_VALUE)} }\n`
    : `  - name: ${JSON.stringify(name)}\n    ensure: absent\n`,
).join("")}`,
      },
    );
    let gitlab: ReturnType<typeof fakeGitLab> | undefined;
    try {
      const plan = await rig.run(["plan", "--format", "markdown"]);
      expect(plan.stderr).toBe("");
      expect(plan.code).toBe(0);
      // The destructive list names the deleted organizations outside any code block.
      expect(plan.stdout).toContain("Destructive changes (2)");
      const report = join(dir, "plan.md");
      await writeFile(report, plan.stdout);

      const { github, comments } = fakeGitHub();
      await runGithubScript("orgsync-plan.yml", github, {
        REPORT_FILE: report,
      });
      const posted = marked(comments, "<!-- orgsync-plan -->\n");
      expect(posted).toHaveLength(1);

      gitlab = fakeGitLab();
      await new Promise<void>((done) =>
        gitlab!.server.listen(0, "127.0.0.1", done),
      );
      await runGitlabScript(gitlab.server, {
        REPORT_FILE: "plan.md",
        NOTE_TARGET: "mr",
        MARKER: "<!-- orgsync-plan -->",
      });
      const notes = gitlab.notes.get("/merge_requests/3/notes")!;
      expect(notes).toHaveLength(1);
      for (const body of [posted[0]!.body, notes[0]!.body]) {
        const withoutMarker = body.replace("<!-- orgsync-plan -->\n", "");
        expect(markdownProblems("comment", withoutMarker)).toEqual([]);
      }
    } finally {
      if (gitlab) await new Promise((done) => gitlab!.server.close(done));
      await rig.close();
    }
  });
});
