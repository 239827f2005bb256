/**
 * Loads a scenario file (YAML or JSON), follows `extends`, deep-merges the
 * overrides, validates with the schema and reports every problem at once with
 * file, YAML line, field path, what was expected and what was found.
 *
 * Merge rule: mappings merge key by key (the extending file wins); lists, numbers
 * and strings are replaced; a time value written as {schedule}, {expr} or
 * {value, source | assumption} replaces the inherited value whole, so schedules
 * never mix dates from two files and a value never keeps another's source.
 */
import { readFileSync, realpathSync } from 'node:fs';
import { dirname, relative, resolve } from 'node:path';
import { LineCounter, parseDocument, isMap, isSeq, isPair, isScalar, type Document, type Node as YamlNode } from 'yaml';
import { makeScenarioSchema, type Scenario } from './schema.ts';
import { describeIssues } from './errors.ts';
import { parseDate } from '../core/clock.ts';
import { InputError, msg, type Problem } from '../messages.ts';

export interface LoadedFile {
  /** Path as shown to the user (relative to the working directory). */
  shown: string;
  doc: Document.Parsed;
  lines: LineCounter;
}

export interface LoadedScenario {
  scenario: Scenario;
  /** The files read, the named one first, then what it extends. */
  files: string[];
}

const shownPath = (abs: string) => {
  const rel = relative(process.cwd(), abs);
  return rel.startsWith('..') ? abs : rel;
};

type Plain = Record<string, unknown>;
const isPlain = (v: unknown): v is Plain => typeof v === 'object' && v !== null && !Array.isArray(v);
const isWholeValue = (v: Plain) => 'schedule' in v || 'expr' in v || 'value' in v;

/** Deep merge: `over` wins; see the module comment for the rule. */
export function deepMerge(base: unknown, over: unknown): unknown {
  if (!isPlain(base) || !isPlain(over) || isWholeValue(over)) return over;
  const out: Plain = { ...base };
  for (const [k, v] of Object.entries(over)) out[k] = k in base ? deepMerge(base[k], v) : v;
  return out;
}

function readOne(abs: string, problems: Problem[]): { file: LoadedFile; data: unknown } | null {
  const shown = shownPath(abs);
  let text: string;
  try {
    text = readFileSync(abs, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    problems.push(code === 'ENOENT' ? msg.fileNotFound(shown) : msg.fileUnreadable(shown, code ?? String(e)));
    return null;
  }
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false, uniqueKeys: true });
  if (doc.errors.length > 0) {
    for (const err of doc.errors) {
      const line = err.pos ? lines.linePos(err.pos[0]).line : undefined;
      problems.push(msg.parseError(shown, line, err.message.split('\n')[0]));
    }
    return null;
  }
  const data = doc.toJS({ maxAliasCount: 100 });
  if (data === null || data === undefined) {
    problems.push(msg.parseError(shown, undefined, 'the file is empty'));
    return null;
  }
  if (!isPlain(data)) {
    problems.push(msg.notAMapping(shown));
    return null;
  }
  return { file: { shown, doc, lines }, data };
}

/** Reads a file and its `extends` chain; returns the merged data and the files, child first. */
function readChain(path: string, problems: Problem[]): { data: Plain; files: LoadedFile[] } | null {
  const files: LoadedFile[] = [];
  const layers: Plain[] = [];
  const seen: string[] = [];
  let abs = resolve(path);
  for (;;) {
    let real = abs;
    try {
      real = realpathSync(abs);
    } catch {
      /* reported by readOne */
    }
    if (seen.includes(real)) {
      const last = files[files.length - 1];
      problems.push({ ...msg.extendsCycle(last.shown, [...seen, real].map(shownPath)), line: lineOf(last, ['extends']) });
      return null;
    }
    seen.push(real);
    const one = readOne(abs, problems);
    if (!one) return null;
    files.push(one.file);
    layers.push(one.data as Plain);
    const parent = (one.data as Plain).extends;
    if (parent === undefined) break;
    if (typeof parent !== 'string') {
      problems.push({ file: one.file.shown, line: lineOf(one.file, ['extends']), path: 'extends', expected: 'a file path', found: JSON.stringify(parent) });
      return null;
    }
    abs = resolve(dirname(abs), parent);
  }
  let data: unknown = {};
  for (let i = layers.length - 1; i >= 0; i--) data = deepMerge(data, layers[i]);
  const merged = data as Plain;
  delete merged.extends;
  return { data: merged, files };
}

/** The 1-based line of the node at `path` (or of its nearest existing ancestor). */
export function lineOf(file: LoadedFile, path: (string | number)[]): number | undefined {
  for (let n = path.length; n >= 0; n--) {
    const node = nodeAt(file.doc, path.slice(0, n));
    if (node?.range) return file.lines.linePos(node.range[0]).line;
  }
  return undefined;
}

function nodeAt(doc: Document.Parsed, path: (string | number)[]): YamlNode | undefined {
  let node: unknown = doc.contents;
  for (const key of path) {
    if (isMap(node)) {
      const pair = node.items.find((p) => isPair(p) && isScalar(p.key) && String(p.key.value) === String(key));
      if (!pair) return undefined;
      node = pair.value ?? pair.key;
    } else if (isSeq(node)) {
      node = node.items[Number(key)];
    } else return undefined;
  }
  return (node as YamlNode) ?? undefined;
}

/** Does this file itself write the value at `path`? */
function writes(file: LoadedFile, path: (string | number)[]): boolean {
  return nodeAt(file.doc, path) !== undefined;
}

/** Loads, merges and validates a scenario; throws InputError listing every problem. */
export function loadScenario(path: string): LoadedScenario {
  const problems: Problem[] = [];
  const chain = readChain(path, problems);
  if (!chain) throw new InputError(problems);
  const { data, files } = chain;

  const window =
    typeof data.start !== 'undefined' && typeof data.end !== 'undefined' && parseDate(data.start as string) && parseDate(data.end as string)
      ? { start: String(data.start), end: String(data.end) }
      : undefined;
  const schema = makeScenarioSchema(window);
  const result = schema.safeParse(data, { reportInput: true });
  if (!result.success) {
    for (const d of describeIssues(result.error.issues, data, schema)) {
      // The file that writes the field (child first), else the named file.
      const file = files.find((f) => writes(f, d.path)) ?? files[0];
      problems.push({ ...d.problem, file: file.shown, line: lineOf(file, d.path) });
    }
    // In file order, then line order (stable for equal lines).
    const order = (p: Problem) => files.findIndex((f) => f.shown === p.file);
    problems.sort((a, b) => order(a) - order(b) || (a.line ?? 0) - (b.line ?? 0));
    throw new InputError(problems);
  }
  return { scenario: result.data, files: files.map((f) => f.shown) };
}
