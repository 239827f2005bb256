/**
 * Turns zod issues into problems a modeller can act on: the field path, what was
 * expected and what was found, with a suggestion for a misspelt key.
 */
import type { z } from 'zod';
import type { Problem } from '../messages.ts';
import { msg } from '../messages.ts';

type Issue = z.core.$ZodIssue;
type Path = (string | number)[];
type AnySchema = z.core.$ZodType;

export interface Described {
  path: Path;
  problem: Problem;
}

/** A field path as text, e.g. countries.RO.emigration or events[0].date (a long key is cut). */
export const dotted = (path: Path) =>
  path.map((k, i) => (typeof k === 'number' ? `[${k}]` : i === 0 ? msg.cut(k, 40) : `.${msg.cut(k, 40)}`)).join('');

/** The value at `path` in `data` (undefined when missing). */
function valueAt(data: unknown, path: Path): unknown {
  let v: unknown = data;
  for (const k of path) {
    if (v === null || typeof v !== 'object') return undefined;
    v = (v as Record<string | number, unknown>)[k];
  }
  return v;
}

/** A short description of what the file holds (user text is cut to a few dozen characters). */
/** "one of a, b, c": a list of keys or values, cut after about 160 characters with how many more there are. */
function oneOf(items: readonly string[]): string {
  let text = '';
  let shown = 0;
  for (const item of items) {
    if (shown > 0 && text.length + item.length > 160) break;
    text += (shown > 0 ? ', ' : '') + item;
    shown++;
  }
  return `one of ${text}${shown < items.length ? ` … and ${items.length - shown} more` : ''}`;
}

export function describeFound(v: unknown): string {
  if (v === undefined) return 'nothing (the field is missing)';
  if (v === null) return 'null';
  if (typeof v === 'number') return Number.isNaN(v) ? 'NaN' : String(v);
  if (typeof v === 'string') return msg.quoted(v);
  if (typeof v === 'boolean') return String(v);
  if (Array.isArray(v))
    return v.length <= 4 && v.every((x) => typeof x !== 'object' || x === null)
      ? `[${v.map((x) => (typeof x === 'string' ? msg.quoted(x, 20) : describeFound(x))).join(', ')}]`
      : `a list of ${v.length}`;
  const keys = Object.keys(v as object);
  return keys.length
    ? `a mapping with keys ${keys
        .slice(0, 4)
        .map((k) => msg.cut(k, 20))
        .join(', ')}${keys.length > 4 ? ', …' : ''}`
    : 'an empty mapping';
}

const TYPE_WORDS: Record<string, string> = {
  int: 'a whole number',
  number: 'a number',
  string: 'text',
  object: 'a mapping',
  record: 'a mapping',
  array: 'a list',
  tuple: 'a list',
  boolean: 'true or false',
};

function def(s: AnySchema): Record<string, unknown> & { type: string } {
  return (s as unknown as { _zod: { def: Record<string, unknown> & { type: string } } })._zod.def;
}

/** Strips defaults, optionals and pipes to the schema that holds the data's shape. */
function unwrap(s: AnySchema): AnySchema {
  for (;;) {
    const d = def(s);
    if (d.type === 'default' || d.type === 'optional' || d.type === 'nullable' || d.type === 'prefault') s = d.innerType as AnySchema;
    else if (d.type === 'pipe') s = d.in as AnySchema;
    else return s;
  }
}

/** The keys of the mappings a schema accepts (through nested unions). */
function objectKeys(s: AnySchema): string[] {
  const d = def(unwrap(s));
  if (d.type === 'object') return Object.keys(d.shape as object);
  if (d.type === 'union') return (d.options as AnySchema[]).flatMap(objectKeys);
  return [];
}
const acceptsMapping = (s: AnySchema) => objectKeys(s).length > 0 || def(unwrap(s)).type === 'record';

/**
 * The option of a union the user meant: for a mapping, the option whose keys it
 * shares most (a time value {schedule}, {expr}, or a sourced {value, source});
 * for anything else, the first option that is not only a mapping.
 */
function bestOption(options: AnySchema[], value: unknown): number {
  if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
    const keys = Object.keys(value);
    let best = -1;
    let bestScore = -1;
    options.forEach((o, i) => {
      if (!acceptsMapping(o)) return;
      const known = objectKeys(o);
      const score = keys.filter((k) => known.includes(k)).length;
      if (score > bestScore) {
        best = i;
        bestScore = score;
      }
    });
    return best;
  }
  return options.findIndex((o) => {
    const d = def(unwrap(o));
    return d.type !== 'object' && d.type !== 'record';
  });
}

/** Follows unions down to the option that fits the value. */
function resolveUnion(s: AnySchema | undefined, value: unknown): AnySchema | undefined {
  while (s && def(s).type === 'union') {
    const options = def(s).options as AnySchema[];
    const i = bestOption(options, value);
    s = i >= 0 ? unwrap(options[i]) : undefined;
  }
  return s;
}

/** The schema at a data path, where it can be followed (may be a union). */
function schemaAt(schema: AnySchema, path: Path, data: unknown): AnySchema | undefined {
  let s: AnySchema | undefined = unwrap(schema);
  for (let i = 0; i < path.length && s; i++) {
    s = resolveUnion(s, valueAt(data, path.slice(0, i)));
    if (!s) return undefined;
    const d = def(s);
    const key = path[i];
    if (d.type === 'object') s = (d.shape as Record<string, AnySchema>)[key as string];
    else if (d.type === 'record') s = d.valueType as AnySchema;
    else if (d.type === 'array') s = d.element as AnySchema;
    else return undefined;
    if (s) s = unwrap(s);
  }
  return s;
}

/** The keys a mapping schema accepts (object fields, or an enum's record keys). */
function knownKeys(s: AnySchema | undefined, value: unknown): string[] {
  s = resolveUnion(s, value);
  if (!s) return [];
  const d = def(s);
  if (d.type === 'object') return Object.keys(d.shape as object);
  if (d.type === 'record') {
    const k = def(unwrap(d.keyType as AnySchema));
    if (k.type === 'enum') return Object.values(k.entries as Record<string, string>);
  }
  return [];
}

/** What a union accepts, in words: "a number, {schedule: …}, {expr: …} or {value: …, source: …}". */
function describeOptions(options: AnySchema[]): string {
  const words = options.flatMap((o): string[] => {
    const d = def(unwrap(o));
    if (d.type === 'union') return [describeOptions(d.options as AnySchema[])];
    if (d.type === 'object') {
      const keys = Object.keys(d.shape as object).slice(0, 2);
      return [`{${keys.map((k) => `${k}: …`).join(', ')}}`];
    }
    return [TYPE_WORDS[d.type] ?? d.type];
  });
  return words.length > 1 ? `${words.slice(0, -1).join(', ')} or ${words[words.length - 1]}` : (words[0] ?? 'another value');
}

export function levenshtein(a: string, b: string): number {
  const prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let diag = prev[0];
    prev[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const tmp = prev[j];
      prev[j] = Math.min(prev[j] + 1, prev[j - 1] + 1, diag + (a[i - 1] === b[j - 1] ? 0 : 1));
      diag = tmp;
    }
  }
  return prev[b.length];
}

/** Words longer than this get no suggestion (no known word is near; and the distance costs length × length). */
const SUGGEST_MAX_LENGTH = 100;

/** The closest known word, if it is close enough to be a likely misspelling. */
export function suggest(word: string, known: string[]): string | undefined {
  if (word.length > SUGGEST_MAX_LENGTH) return undefined;
  let best: string | undefined;
  let bestD = Infinity;
  for (const k of known) {
    const d = levenshtein(word.toLowerCase(), k.toLowerCase());
    if (d < bestD) {
      bestD = d;
      best = k;
    }
  }
  if (best !== undefined && bestD <= Math.max(2, Math.floor(word.length / 3))) return best;
  // A truncated word ("sched" for "schedule").
  const lower = word.toLowerCase();
  return word.length >= 3 ? known.find((k) => k.toLowerCase().startsWith(lower)) : undefined;
}

function bound(n: number | bigint | undefined) {
  return n === undefined ? '?' : Number(n) === Infinity ? '∞' : String(n);
}

/** Describes zod issues as problems, one per field (and one per unknown key). */
export function describeIssues(issues: readonly Issue[], data: unknown, schema: AnySchema, base: Path = []): Described[] {
  const out: Described[] = [];
  for (const issue of issues) {
    const path: Path = [...base, ...(issue.path as Path)];
    const found = describeFound(valueAt(data, path));
    const at = (problem: Omit<Problem, 'file' | 'path'>, p: Path = path): Described => ({
      path: p,
      problem: { file: '', path: dotted(p), ...problem },
    });
    switch (issue.code) {
      case 'unrecognized_keys': {
        const known = knownKeys(schemaAt(schema, path, data), valueAt(data, path));
        issue.keys.forEach((key, i) => {
          // Suggestions for the first keys only: past a hundred unknown keys they are noise, and each costs time.
          const s = i < 100 ? suggest(key, known) : undefined;
          out.push(
            at(
              {
                expected: known.length ? oneOf(known) : 'no such key',
                found: `unknown key ${msg.quoted(key, 40)}`,
                hint: msg.unknownKey(key, s),
              },
              [...path, key],
            ),
          );
        });
        break;
      }
      case 'invalid_union': {
        // Describe the problems of the option the user meant, or else what is accepted.
        const branches = (issue as unknown as { errors: Issue[][] }).errors;
        const union = schemaAt(schema, path, data);
        const options = union && def(union).type === 'union' ? (def(union).options as AnySchema[]) : [];
        const index = bestOption(options, valueAt(data, path));
        if (index >= 0 && branches[index]?.length) out.push(...describeIssues(branches[index], data, schema, path));
        else out.push(at({ expected: options.length ? describeOptions(options) : 'another value', found }));
        break;
      }
      case 'invalid_type': {
        const expected = TYPE_WORDS[issue.expected] ?? issue.expected;
        out.push(at({ expected, found }));
        break;
      }
      case 'too_small':
      case 'too_big': {
        const small = issue.code === 'too_small';
        const limit = issue.code === 'too_small' ? issue.minimum : issue.maximum;
        const unit = issue.origin === 'array' ? ' items' : issue.origin === 'string' ? ' characters' : '';
        const what =
          issue.origin === 'array'
            ? `a list of at ${small ? 'least' : 'most'}`
            : issue.origin === 'string'
              ? `${path[path.length - 1] === 'expr' ? 'an expression' : 'text'} of at ${small ? 'least' : 'most'}`
              : `a number ${small ? '>' : '<'}${issue.inclusive ? '=' : ''}`.replace('>=', '≥').replace('<=', '≤');
        out.push(at({ expected: `${what} ${bound(limit)}${unit}`, found }));
        break;
      }
      case 'invalid_value': {
        const values = issue.values.map((v) => String(v));
        const s = typeof valueAt(data, path) === 'string' ? suggest(String(valueAt(data, path)), values) : undefined;
        out.push(at({ expected: oneOf(values), found, hint: s ? `did you mean "${s}"?` : undefined }));
        break;
      }
      case 'invalid_key': {
        const known = knownKeys(schemaAt(schema, path, data), valueAt(data, path));
        out.push(at({ expected: known.length ? oneOf(known) : 'a valid key', found }));
        break;
      }
      case 'invalid_format': {
        out.push(at({ expected: issue.message.replace(/^expected /, ''), found }));
        break;
      }
      case 'custom': {
        const m = /^expected (.*), found (.*)$/.exec(issue.message);
        if (m) out.push(at({ expected: m[1], found: m[2] }));
        else if (/^expected /.test(issue.message)) out.push(at({ expected: issue.message.replace(/^expected /, ''), found }));
        else out.push(at({ message: issue.message }));
        break;
      }
      default:
        out.push(at({ message: issue.message }));
    }
  }
  return out;
}
