import { existsSync, readdirSync, readFileSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";

import ts from "typescript";
import { describe, expect, it } from "vitest";

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "../..");

/**
 * The modules a file loads at run time: its value imports, re-exports and dynamic imports.
 * Type-only imports are left out, since they are erased and load nothing.
 */
function runtimeImports(file: string): string[] {
  const source = ts.createSourceFile(
    file,
    readFileSync(file, "utf8"),
    ts.ScriptTarget.Latest,
  );
  const found: string[] = [];
  const typeOnly = (clause: ts.ImportClause | undefined): boolean => {
    if (!clause) return false;
    if (clause.isTypeOnly) return true;
    const bindings = clause.namedBindings;
    return (
      clause.name === undefined &&
      bindings !== undefined &&
      ts.isNamedImports(bindings) &&
      bindings.elements.length > 0 &&
      bindings.elements.every((element) => element.isTypeOnly)
    );
  };
  const visit = (node: ts.Node): void => {
    if (
      ts.isImportDeclaration(node) &&
      ts.isStringLiteral(node.moduleSpecifier)
    ) {
      if (!typeOnly(node.importClause)) found.push(node.moduleSpecifier.text);
    } else if (
      ts.isExportDeclaration(node) &&
      node.moduleSpecifier &&
      ts.isStringLiteral(node.moduleSpecifier)
    ) {
      if (!node.isTypeOnly) found.push(node.moduleSpecifier.text);
    } else if (
      ts.isCallExpression(node) &&
      node.expression.kind === ts.SyntaxKind.ImportKeyword &&
      node.arguments[0] &&
      ts.isStringLiteral(node.arguments[0])
    ) {
      found.push(node.arguments[0].text);
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

/** Every source file a module loads at run time through relative imports, itself included. */
function importClosure(entries: readonly string[]): Set<string> {
  const seen = new Set<string>();
  const pending = [...entries];
  while (pending.length > 0) {
    const file = pending.pop()!;
    if (seen.has(file)) continue;
    seen.add(file);
    for (const target of runtimeImports(file)) {
      if (!target.startsWith(".")) continue;
      const resolved = resolve(dirname(file), target).replace(/\.js$/, ".ts");
      if (!existsSync(resolved)) {
        throw new Error(
          `${relative(ROOT, file)} imports ${target}, which does not exist`,
        );
      }
      pending.push(resolved);
    }
  }
  return seen;
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory()
      ? sourceFiles(join(dir, entry.name))
      : entry.name.endsWith(".ts")
        ? [join(dir, entry.name)]
        : [],
  );
}

describe("drift's import graph", () => {
  it("never reaches the applier, directly or through anything it imports", () => {
    const entries = [
      join(ROOT, "src/cli/commands/drift.ts"),
      ...sourceFiles(join(ROOT, "src/drift")),
    ];
    const closure = [...importClosure(entries)].map((file) =>
      relative(ROOT, file),
    );
    expect(closure).toContain("src/live/read-live.ts");
    expect(closure).toContain("src/plan/plan.ts");
    expect(closure.filter((file) => file.startsWith("src/apply/"))).toEqual([]);
    expect(closure).not.toContain("src/cli/commands/apply.ts");
  });

  it("sees imports the way the runtime does (control: the CLI entry reaches apply)", () => {
    const closure = [...importClosure([join(ROOT, "src/cli/main.ts")])].map(
      (file) => relative(ROOT, file),
    );
    expect(closure).toContain("src/cli/commands/apply.ts");
  });
});

describe("the CLI's import graph", () => {
  it("has no command that reaches main: main runs the commands, never the other way", () => {
    const commands = sourceFiles(join(ROOT, "src/cli/commands"));
    expect(commands.length).toBeGreaterThan(5);
    for (const command of commands) {
      const closure = [...importClosure([command])].map((file) =>
        relative(ROOT, file),
      );
      expect(closure, relative(ROOT, command)).not.toContain("src/cli/main.ts");
    }
  });
});
