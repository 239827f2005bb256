/**
 * The source tree's import graph, read with TypeScript's own pre-processor (the
 * specifiers of `import`, `export … from` and `import()`; the `import type` ones
 * marked as such), and the checks docs/ARCHITECTURE.md states: which floor a file
 * is on, and the import cycles among runtime imports.
 *
 * Run directly (`npx tsx test/import-graph.ts`) it prints the floors and which
 * floor imports which, the picture ARCHITECTURE.md draws.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';

export const ROOT = fileURLToPath(new URL('../', import.meta.url));

export interface Edge {
  from: string;
  to: string;
  /** Only types cross this import (`import type`, or every name imported is a type). */
  typeOnly: boolean;
}

/** Every .ts and .mjs file under `dirs` (relative to the repository), sorted. */
export function sourceFiles(dirs: string[]): string[] {
  const out: string[] = [];
  const walk = (d: string) => {
    for (const e of readdirSync(join(ROOT, d), { withFileTypes: true })) {
      const p = `${d}/${e.name}`;
      if (e.isDirectory()) walk(p);
      else if (/\.(ts|mjs)$/.test(e.name)) out.push(p);
    }
  };
  dirs.forEach(walk);
  return out.sort();
}

/** A declaration `import type {…}` or `import {type a, type b}` (only types), as written. */
function typeOnlyImport(node: ts.ImportDeclaration | ts.ExportDeclaration): boolean {
  if (ts.isExportDeclaration(node)) return node.isTypeOnly;
  const clause = node.importClause;
  if (!clause) return false;
  if (clause.isTypeOnly) return true;
  if (clause.name) return false;
  const b = clause.namedBindings;
  return !!b && ts.isNamedImports(b) && b.elements.length > 0 && b.elements.every((e) => e.isTypeOnly);
}

/** The relative imports of the files: static, re-exports and dynamic `import('…')`. */
export function importEdges(files: string[]): Edge[] {
  const edges: Edge[] = [];
  for (const file of files) {
    const text = readFileSync(join(ROOT, file), 'utf8');
    const sf = ts.createSourceFile(file, text, ts.ScriptTarget.ES2022, false);
    const add = (spec: string, typeOnly: boolean) => {
      if (!spec.startsWith('.')) return;
      edges.push({
        from: file,
        to: relative(ROOT, resolve(ROOT, dirname(file), spec))
          .split('\\')
          .join('/'),
        typeOnly,
      });
    };
    const visit = (node: ts.Node) => {
      if (
        (ts.isImportDeclaration(node) || ts.isExportDeclaration(node)) &&
        node.moduleSpecifier &&
        ts.isStringLiteral(node.moduleSpecifier)
      ) {
        add(node.moduleSpecifier.text, typeOnlyImport(node));
      } else if (ts.isCallExpression(node) && node.expression.kind === ts.SyntaxKind.ImportKeyword) {
        const [arg] = node.arguments;
        if (arg && ts.isStringLiteral(arg)) add(arg.text, false);
      } else if (ts.isImportTypeNode(node)) {
        const arg = node.argument;
        if (ts.isLiteralTypeNode(arg) && ts.isStringLiteral(arg.literal)) add(arg.literal.text, true);
      }
      ts.forEachChild(node, visit);
    };
    visit(sf);
  }
  return edges;
}

/**
 * The floors, bottom to top, each a list of folder prefixes. A file may import
 * files of its own floor and of floors below it, never above. The applications
 * are ordered among themselves: the charts serve the others, the calibration's
 * posterior serves the comparison and the seminar.
 */
export const FLOORS: { name: string; folders: string[] }[] = [
  { name: 'data', folders: ['data/'] },
  { name: 'kernel', folders: ['engine/kernel/'] },
  { name: 'model', folders: ['engine/model/'] },
  { name: 'runner', folders: ['engine/runner/'] },
  { name: 'charts', folders: ['engine/apps/charts/'] },
  { name: 'calibration', folders: ['engine/apps/calibration/'] },
  { name: 'applications', folders: ['engine/apps/compare/', 'engine/apps/seminar/'] },
  { name: 'command line', folders: ['engine/cli/', 'dist/'] },
  { name: 'tools', folders: ['engine/bench/', 'engine/docs/', 'bin/'] },
];

/** The floor of a file (its index in FLOORS), or -1 if it is on none. */
export function floorOf(file: string): number {
  return FLOORS.findIndex((f) => f.folders.some((p) => file.startsWith(p)));
}

/** Each import that goes up a floor, or to a file on no floor. */
export function upwardImports(edges: Edge[]): string[] {
  const out: string[] = [];
  for (const e of edges) {
    const a = floorOf(e.from);
    const b = floorOf(e.to);
    if (b < 0) out.push(`${e.from} imports ${e.to}, which is on no floor`);
    else if (b > a) out.push(`${e.from} (${FLOORS[a].name}) imports ${e.to} (${FLOORS[b].name})`);
  }
  return out;
}

/** The import cycles: strongly connected components of more than one file, or a file importing itself (Tarjan). */
export function cycles(edges: Edge[]): string[][] {
  const next = new Map<string, string[]>();
  for (const e of edges) {
    if (!next.has(e.from)) next.set(e.from, []);
    if (!next.has(e.to)) next.set(e.to, []);
    next.get(e.from)!.push(e.to);
  }
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const on = new Set<string>();
  const out: string[][] = [];
  let n = 0;
  const connect = (v: string) => {
    index.set(v, n);
    low.set(v, n++);
    stack.push(v);
    on.add(v);
    for (const w of next.get(v)!) {
      if (!index.has(w)) {
        connect(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (on.has(w)) low.set(v, Math.min(low.get(v)!, index.get(w)!));
    }
    if (low.get(v) === index.get(v)) {
      const scc: string[] = [];
      let w: string;
      do {
        w = stack.pop()!;
        on.delete(w);
        scc.push(w);
      } while (w !== v);
      if (scc.length > 1 || next.get(v)!.includes(v)) out.push(scc.sort());
    }
  };
  for (const v of [...next.keys()].sort()) if (!index.has(v)) connect(v);
  return out;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === resolve(process.argv[1])) {
  const edges = importEdges(sourceFiles(['engine', 'bin']));
  const up = new Map<string, Set<string>>();
  for (const e of edges) {
    const a = FLOORS[floorOf(e.from)]?.name ?? e.from;
    const b = FLOORS[floorOf(e.to)]?.name ?? e.to;
    if (a !== b) (up.get(a) ?? up.set(a, new Set()).get(a)!).add(b);
  }
  for (const f of FLOORS)
    console.log(`${f.name.padEnd(13)} ${f.folders.join(' ')}  imports: ${[...(up.get(f.name) ?? [])].join(', ') || '-'}`);
  console.log('cycles (runtime imports):', cycles(edges.filter((e) => !e.typeOnly)));
  console.log('cycles (with types):', cycles(edges).length);
}
