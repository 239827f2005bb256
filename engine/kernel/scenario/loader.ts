/**
 * Loads a scenario file (YAML or JSON), follows `extends`, deep-merges the
 * overrides, validates with the schema and reports every problem at once with
 * file, YAML line, field path, what was expected and what was found.
 *
 * Merge rule: mappings merge key by key (the extending file wins); lists, numbers
 * and strings are replaced; a time value written as {schedule}, {expr} or
 * {value, source | assumption} replaces the inherited value whole, so schedules
 * never mix dates from two files and a value never keeps another's source.
 *
 * Input that could exhaust time or memory, or reach outside the project, is a
 * problem of the file like any other (exit code 2): a file that is not a regular
 * file or is over MAX_FILE_BYTES (checked before reading), nesting deeper than
 * MAX_DEPTH, aliases that expand too far, refer to nothing or to themselves, the
 * reserved keys __proto__, constructor and prototype, keys written twice, and an
 * `extends` that leads outside the named file's folder tree and the bundled
 * scenarios (unless allowed: --allow-outside-extends).
 */
import { closeSync, constants as fsConstants, fstatSync, openSync, readSync, realpathSync, statSync, type Stats } from 'node:fs';
import { basename, dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  Lexer,
  LineCounter,
  parseDocument,
  isAlias,
  isMap,
  isNode,
  isSeq,
  isPair,
  isScalar,
  type Document,
  type Node as YamlNode,
  type Pair,
  type YAMLMap,
} from 'yaml';
import { LIMITS, makeScenarioSchema, type Scenario } from './schema.ts';
import { describeFound, describeIssues, dotted } from './errors.ts';
import { decimalYear, parseDate } from '../clock.ts';
import { InputError, msg, type Problem } from '../messages.ts';

/**
 * Limits of a scenario file, checked before it is parsed (size, nesting) or turned
 * into data (aliases). The bundled scenarios are under 25 KB (the baseline, with
 * every country and a source for each value, is 22 KB) and nest 6 levels. The YAML
 * library takes about 4 s per MiB on the worst texts we tried (a key written a
 * hundred thousand times, a flow list of aliases); at 512 KiB such a file is
 * refused in about 2-4 s, and a real scenario is still 20 times smaller.
 */
export const MAX_FILE_BYTES = 512 * 1024;
/** Deepest nesting of mappings and lists. */
export const MAX_DEPTH = 50;
/** The yaml library's limit on alias expansion (its maxAliasCount). */
export const MAX_ALIAS_COUNT = 100;
/** Syntax errors listed per file; the rest are counted (a broken file gives one per token). */
const MAX_PARSE_ERRORS = 50;
/** Keys that would reach an object's prototype if they became fields. */
export const RESERVED_KEYS: ReadonlySet<string> = new Set(['__proto__', 'constructor', 'prototype']);
/** The bundled scenarios, which any scenario may extend. */
const BUNDLED = fileURLToPath(new URL('../../../scenarios/', import.meta.url));

export interface LoadOptions {
  /**
   * Allow `extends` to name a file outside the named file's folder tree and the
   * bundled scenarios (the command line's --allow-outside-extends).
   */
  allowOutsideExtends?: boolean;
}

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
  return rel === '' ? '.' : rel.startsWith('..') ? abs : rel;
};

type Plain = Record<string, unknown>;
const isPlain = (v: unknown): v is Plain => typeof v === 'object' && v !== null && !Array.isArray(v);
const isWholeValue = (v: Plain) => 'schedule' in v || 'expr' in v || 'value' in v;

/** Deep merge: `over` wins; see the module comment for the rule. Reserved keys are skipped. */
export function deepMerge(base: unknown, over: unknown): unknown {
  if (!isPlain(base) || !isPlain(over) || isWholeValue(over)) return over;
  const out: Plain = { ...base };
  for (const [k, v] of Object.entries(over)) {
    if (RESERVED_KEYS.has(k)) continue;
    out[k] = Object.hasOwn(base, k) ? deepMerge(base[k], v) : v;
  }
  return out;
}

/** What a path that is not a regular file is, in words. */
function kindOf(st: Stats): string {
  if (st.isDirectory()) return 'a folder';
  if (st.isFIFO()) return 'a named pipe (FIFO)';
  if (st.isCharacterDevice()) return 'a character device';
  if (st.isBlockDevice()) return 'a block device';
  if (st.isSocket()) return 'a socket';
  return 'something other than a file';
}

/** The file's text, or null with a problem: checked to be a regular file of at most MAX_FILE_BYTES before it is read. */
function readText(abs: string, shown: string, problems: Problem[]): string | null {
  const failed = (e: unknown) => {
    const code = (e as NodeJS.ErrnoException).code;
    problems.push(code === 'ENOENT' ? msg.fileNotFound(shown) : msg.fileUnreadable(shown, code ?? msg.cut(String(e))));
    return null;
  };
  let st: Stats;
  try {
    st = statSync(abs);
  } catch (e) {
    return failed(e);
  }
  if (!st.isFile()) {
    problems.push(msg.notARegularFile(shown, kindOf(st)));
    return null;
  }
  if (st.size > MAX_FILE_BYTES) {
    problems.push(msg.fileTooLarge(shown, st.size, MAX_FILE_BYTES));
    return null;
  }
  // Non-blocking, so that a file swapped for a pipe after the check cannot hang the open.
  let fd: number;
  try {
    fd = openSync(abs, fsConstants.O_RDONLY | (fsConstants.O_NONBLOCK ?? 0));
  } catch (e) {
    return failed(e);
  }
  try {
    const now = fstatSync(fd);
    if (!now.isFile()) {
      problems.push(msg.notARegularFile(shown, kindOf(now)));
      return null;
    }
    // Read at most one byte more than the limit: a file that grew is still refused.
    const buf = Buffer.alloc(MAX_FILE_BYTES + 1);
    let n = 0;
    for (;;) {
      const r = readSync(fd, buf, n, buf.length - n, null);
      if (r === 0) break;
      n += r;
      if (n > MAX_FILE_BYTES) {
        problems.push(msg.fileTooLarge(shown, Math.max(n, now.size), MAX_FILE_BYTES));
        return null;
      }
    }
    return buf.toString('utf8', 0, n);
  } catch (e) {
    return failed(e);
  } finally {
    closeSync(fd);
  }
}

/**
 * The offset of the first '[' or '{' nested deeper than MAX_DEPTH, from the YAML
 * lexer's tokens (so brackets in quoted or block text do not count); undefined when
 * there is none. Checked before parsing, which is slow on deep flow nesting and
 * overflows the stack at about a thousand levels.
 */
function flowTooDeep(text: string): number | undefined {
  let depth = 0;
  let offset = 0;
  for (const token of new Lexer().lex(text)) {
    if (token === '[' || token === '{') {
      if (++depth > MAX_DEPTH) return offset;
    } else if (token === ']' || token === '}') depth = Math.max(0, depth - 1);
    // The lexer's control tokens (document start, flow end, scalar) are not source text.
    if (token !== '\x02' && token !== '\x18' && token !== '\x1f') offset += token.length;
  }
  return undefined;
}

const lineAt = (text: string, offset: number) => {
  let line = 1;
  for (let i = text.indexOf('\n'); i !== -1 && i < offset; i = text.indexOf('\n', i + 1)) line++;
  return line;
};

/** Runs `f` without capturing stack traces: the YAML library makes an Error per syntax error, and a broken file may have a million. */
function withoutStacks<T>(f: () => T): T {
  const limit = Error.stackTraceLimit;
  Error.stackTraceLimit = 0;
  try {
    return f();
  } finally {
    Error.stackTraceLimit = limit;
  }
}

/**
 * Problems of the document's structure, found on the YAML nodes before they become
 * data (which would drop or misread them): reserved keys, keys written twice,
 * aliases with no anchor before them or inside the value they name, and nesting
 * deeper than MAX_DEPTH. `fatal` when the file cannot safely become data.
 */
function structureProblems(file: LoadedFile): { problems: Problem[]; fatal: boolean; reserved: boolean } {
  const problems: Problem[] = [];
  let fatal = false;
  let reserved = false;
  const lineOfNode = (n: YamlNode | undefined) => (n?.range ? file.lines.linePos(n.range[0]).line : undefined);
  /** Anchors by name, the latest before the node being visited (nodes are visited in document order). */
  const anchors = new Map<string, YamlNode>();
  interface Frame {
    node: unknown;
    /** Path of a value; for a key, its mapping's path. */
    path: () => (string | number)[];
    depth: number;
    parent: Frame | undefined;
    /** Set for a key: the keys seen so far in its mapping, and the slot its name goes into for its value's path. */
    key?: { seen: Map<string, number | undefined>; slot: { name: string } };
  }
  const stack: Frame[] = [{ node: file.doc.contents, path: () => [], depth: 0, parent: undefined }];
  while (stack.length > 0) {
    const f = stack.pop()!;
    const node = f.node;
    if (!isNode(node)) continue;
    if (node.anchor) anchors.set(node.anchor, node);
    if (f.key) {
      const target = isAlias(node) ? anchors.get(node.source) : node;
      if (isScalar(target)) {
        const name = String(target.value);
        const path = dotted([...f.path(), name]);
        const line = lineOfNode(node);
        f.key.slot.name = name;
        if (RESERVED_KEYS.has(name)) {
          problems.push(msg.reservedKey(file.shown, line, path, name));
          reserved = true;
        } else if (f.key.seen.has(name))
          problems.push(msg.duplicateKey(file.shown, line, path, msg.quoted(name, 40), f.key.seen.get(name)));
        else f.key.seen.set(name, line);
      }
    }
    if (isAlias(node)) {
      const target = anchors.get(node.source);
      const path = dotted(f.path());
      if (!target) {
        problems.push(msg.aliasUnresolved(file.shown, lineOfNode(node), path, msg.cut(node.source, 40)));
        fatal = true;
      } else {
        for (let a = f.parent; a; a = a.parent)
          if (a.node === target) {
            problems.push(msg.aliasCycle(file.shown, lineOfNode(node), path, msg.cut(node.source, 40)));
            fatal = true;
            break;
          }
      }
      continue;
    }
    if (!isMap(node) && !isSeq(node)) continue;
    if (f.depth >= MAX_DEPTH) {
      problems.push(msg.nestedTooDeep(file.shown, lineOfNode(node), dotted(f.path()), MAX_DEPTH));
      return { problems, fatal: true, reserved };
    }
    const children: Frame[] = [];
    const base = f.path;
    if (isMap(node)) {
      const seen = new Map<string, number | undefined>();
      for (const pair of node.items) {
        const slot = { name: '?' };
        children.push({ node: pair.key, path: base, depth: f.depth + 1, parent: f, key: { seen, slot } });
        children.push({ node: pair.value, path: () => [...base(), slot.name], depth: f.depth + 1, parent: f });
      }
    } else {
      node.items.forEach((item, i) => children.push({ node: item, path: () => [...base(), i], depth: f.depth + 1, parent: f }));
    }
    for (let i = children.length - 1; i >= 0; i--) stack.push(children[i]);
  }
  return { problems, fatal, reserved };
}

/** Calls `visit` once on every mapping in the data (each object once, however often aliases repeat it), without recursion. */
function eachMapping(data: unknown, visit: (m: Plain) => void): void {
  const seen = new Set<object>();
  const todo: unknown[] = [data];
  while (todo.length > 0) {
    const v = todo.pop();
    if (typeof v !== 'object' || v === null || seen.has(v)) continue;
    seen.add(v);
    if (!Array.isArray(v)) visit(v as Plain);
    for (const w of Object.values(v)) todo.push(w);
  }
}

/** Removes the reserved keys from data made from a document (also where aliases copied them). */
function stripReserved(data: unknown): void {
  eachMapping(data, (m) => {
    for (const k of RESERVED_KEYS) if (Object.hasOwn(m, k)) delete m[k];
  });
}

function readOne(abs: string, problems: Problem[]): { file: LoadedFile; data: unknown } | null {
  const shown = shownPath(abs);
  const text = readText(abs, shown, problems);
  if (text === null) return null;
  const deep = flowTooDeep(text);
  if (deep !== undefined) {
    problems.push(msg.nestedTooDeep(shown, lineAt(text, deep), '', MAX_DEPTH));
    return null;
  }
  const lines = new LineCounter();
  // Keys written twice are found below: the library's own check takes quadratic time.
  const doc = withoutStacks(() => parseDocument(text, { lineCounter: lines, prettyErrors: false, uniqueKeys: false }));
  if (doc.errors.length > 0) {
    for (const err of doc.errors.slice(0, MAX_PARSE_ERRORS)) {
      const line = err.pos ? lines.linePos(err.pos[0]).line : undefined;
      problems.push(msg.parseError(shown, line, msg.cut(err.message.split('\n')[0], 200)));
    }
    if (doc.errors.length > MAX_PARSE_ERRORS) problems.push(msg.tooManyParseErrors(shown, doc.errors.length - MAX_PARSE_ERRORS));
    return null;
  }
  const file: LoadedFile = { shown, doc, lines };
  const structure = structureProblems(file);
  for (const p of structure.problems) problems.push(p);
  if (structure.fatal) return null;
  let data: unknown;
  try {
    data = withoutStacks(() => doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT }));
  } catch (e) {
    // The library refuses an alias "bomb" with a ReferenceError and no position.
    const why = (e as Error)?.message ?? String(e);
    problems.push(
      /alias count/i.test(why) ? msg.aliasLimit(shown, undefined, MAX_ALIAS_COUNT) : msg.parseError(shown, undefined, msg.cut(why, 200)),
    );
    return null;
  }
  if (structure.reserved) stripReserved(data);
  if (data === null || data === undefined) {
    problems.push(msg.parseError(shown, undefined, 'the file is empty'));
    return null;
  }
  if (!isPlain(data)) {
    problems.push(msg.notAMapping(shown));
    return null;
  }
  return { file, data };
}

/** The real path of p, or of its deepest existing folder joined with the rest (for a file that does not exist). */
function realOrResolved(p: string): string {
  const rest: string[] = [];
  for (let at = p; ; at = dirname(at)) {
    try {
      return join(realpathSync(at), ...rest.reverse());
    } catch {
      if (dirname(at) === at) return p;
      rest.push(basename(at));
    }
  }
}

const within = (p: string, dir: string) => p === dir || p.startsWith(dir.endsWith(sep) ? dir : dir + sep);

/** Reads a file and its `extends` chain; returns the merged data and the files, child first. */
function readChain(path: string, problems: Problem[], options: LoadOptions): { data: Plain; files: LoadedFile[] } | null {
  const files: LoadedFile[] = [];
  const layers: Plain[] = [];
  const seen: string[] = [];
  let abs = resolve(path);
  // Where `extends` may lead: the named file's folder (its real path) and below, and the bundled scenarios.
  const root = realOrResolved(dirname(abs));
  const bundled = realOrResolved(BUNDLED);
  const allowed = (p: string) => within(p, root) || within(p, bundled);
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
    const line = lineOf(one.file, ['extends']);
    if (typeof parent !== 'string') {
      problems.push(msg.extendsNotString(one.file.shown, line, describeFound(parent)));
      return null;
    }
    // eslint-disable-next-line no-control-regex
    if (parent.length === 0 || parent.length > LIMITS.pathLength || /[\u0000-\u001f\u007f]/.test(parent)) {
      problems.push(msg.extendsNotAPath(one.file.shown, line, msg.quoted(parent)));
      return null;
    }
    const next = resolve(dirname(abs), parent);
    if (!options.allowOutsideExtends) {
      const target = realOrResolved(next);
      if (!allowed(target)) {
        // Not read: nothing from the file is shown.
        problems.push(msg.extendsOutside(one.file.shown, line, msg.quoted(parent), shownPath(root), allowed(next)));
        return null;
      }
    }
    abs = next;
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

/** The pairs of a mapping by key (the last of keys written twice, as in the data), built once per mapping. */
const pairIndex = new WeakMap<YAMLMap, Map<string, Pair>>();
function pairsOf(map: YAMLMap): Map<string, Pair> {
  let index = pairIndex.get(map);
  if (!index) {
    index = new Map();
    for (const p of map.items) if (isPair(p) && isScalar(p.key)) index.set(String(p.key.value), p);
    pairIndex.set(map, index);
  }
  return index;
}

function nodeAt(doc: Document.Parsed, path: (string | number)[]): YamlNode | undefined {
  let node: unknown = doc.contents;
  for (const key of path) {
    if (isMap(node)) {
      const pair = pairsOf(node as YAMLMap).get(String(key));
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

/** The number and total length of the expressions ({expr: "…"}) in the data. */
function expressions(data: unknown): { count: number; chars: number } {
  let count = 0;
  let chars = 0;
  eachMapping(data, (m) => {
    if (typeof m.expr !== 'string') return;
    count++;
    chars += m.expr.length;
  });
  return { count, chars };
}

/** The run's window when start and end are dates within the limits; else undefined (their problems are reported by the schema). */
function windowOf(data: Plain): { start: string; end: string } | undefined {
  const ok = (v: unknown) => {
    if (typeof v !== 'string' && typeof v !== 'number') return false;
    const d = parseDate(v);
    return d !== null && d.year >= LIMITS.yearMin && d.year <= LIMITS.yearMax;
  };
  if (!ok(data.start) || !ok(data.end)) return undefined;
  const years = decimalYear(data.end as string) - decimalYear(data.start as string);
  return years >= 0 && years <= LIMITS.windowYears ? { start: String(data.start), end: String(data.end) } : undefined;
}

/**
 * Loads, merges and validates a scenario; throws InputError listing every problem.
 * `extends` may lead only into the named file's folder tree or the bundled
 * scenarios, unless `options.allowOutsideExtends`.
 */
export function loadScenario(path: string, options: LoadOptions = {}): LoadedScenario {
  const problems: Problem[] = [];
  const chain = readChain(path, problems, options);
  if (!chain) throw new InputError(problems);
  const { data, files } = chain;

  // Each expression is evaluated at every month of the window: past a total length, none is.
  const expr = expressions(data);
  const evaluateExpressions = expr.chars <= LIMITS.expressionTotal;
  if (!evaluateExpressions) problems.push(msg.expressionsTooLong(files[0].shown, expr.count, expr.chars, LIMITS.expressionTotal));
  const schema = makeScenarioSchema(windowOf(data), { evaluateExpressions });
  const result = schema.safeParse(data, { reportInput: true });
  if (!result.success)
    for (const d of describeIssues(result.error.issues, data, schema)) {
      // The file that writes the field (child first), else the named file.
      const file = files.find((f) => writes(f, d.path)) ?? files[0];
      problems.push({ ...d.problem, file: file.shown, line: lineOf(file, d.path) });
    }
  if (problems.length > 0) {
    // In file order, then line order (stable for equal lines).
    const order = (p: Problem) => files.findIndex((f) => f.shown === p.file);
    problems.sort((a, b) => order(a) - order(b) || (a.line ?? 0) - (b.line ?? 0));
    throw new InputError(problems);
  }
  return { scenario: result.data!, files: files.map((f) => f.shown) };
}
