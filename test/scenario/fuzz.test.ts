/**
 * Fuzzing the scenario loader: seeded random mutations of the bundled scenarios
 * (a key deleted or written twice, a value replaced by a huge, negative or
 * non-finite number, text, a list, null, deep nesting, a reserved key, a long
 * string, an alias bomb, the file cut short or sprinkled with random bytes), each
 * fed to `tipsim validate` in-process. Whatever the input, the command answers
 * with exit code 0 or 2, never an internal error or a stack trace, and within a
 * few seconds per file.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import seedrandom from 'seedrandom';
import { isMap, isScalar, isSeq, parseDocument, type Document } from 'yaml';
import { runCli } from '../cli.ts';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const SCENARIOS = join(ROOT, 'scenarios');
const CASES = 400;
/** Per file: generous, since the test may share a 2-core machine with others. */
const SECONDS_PER_FILE = 5;

function yamlFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? yamlFiles(join(dir, e.name)) : /\.ya?ml$/.test(e.name) ? [join(dir, e.name)] : [],
  );
}

/**
 * The bundled scenarios as texts that can live in a temporary folder: `extends`
 * made absolute (a bundled scenario may always be extended).
 */
const sources = yamlFiles(SCENARIOS)
  .sort()
  .map((file) => readFileSync(file, 'utf8').replace(/^extends: (.+)$/m, (_, rel: string) => `extends: ${resolve(file, '..', rel.trim())}`));

type Rng = () => number;
const pick = <T>(rng: Rng, items: readonly T[]): T => items[Math.floor(rng() * items.length)];
const int = (rng: Rng, n: number) => Math.floor(rng() * n);

type Path = (string | number)[];

/** Paths of every node of the document (mapping values and list items). */
function paths(doc: Document): Path[] {
  const out: Path[] = [];
  const walk = (node: unknown, path: Path) => {
    if (isMap(node))
      for (const pair of node.items) {
        if (!isScalar(pair.key)) continue;
        const p = [...path, String(pair.key.value)];
        out.push(p);
        walk(pair.value, p);
      }
    else if (isSeq(node))
      node.items.forEach((item, i) => {
        out.push([...path, i]);
        walk(item, [...path, i]);
      });
  };
  walk(doc.contents, []);
  return out;
}

const nested = (depth: number, leaf: unknown, list: boolean): unknown => {
  let v = leaf;
  for (let i = 0; i < depth; i++) v = list ? [v] : { a: v };
  return v;
};

/** Replacement values, from plausible to hostile. */
const VALUES: ((rng: Rng) => unknown)[] = [
  () => 9007199254740991,
  () => 1e308,
  () => 1e20,
  () => -1,
  () => -1e9,
  () => NaN,
  () => Infinity,
  () => -Infinity,
  () => 0.5,
  () => 'text',
  () => '',
  (rng) => 'x'.repeat(1 + int(rng, 5000)),
  () => [1, 2, 3],
  () => [],
  () => null,
  () => ({}),
  () => true,
  (rng) => nested(1 + int(rng, 120), 1, rng() < 0.5),
  () => ({ expr: 'year > 2000 ? 1e308 * 10 : 0.5' }),
  (rng) => ({ expr: 't+'.repeat(int(rng, 800)) + 't' }),
  () => ({ expr: 'import("fs")' }),
  () => ({ schedule: { 1995: 0.1, nonsense: 2, 3000: 0.2 }, interpolate: 'cubic' }),
  () => ({ value: 0.1, source: '' }),
  () => ({ value: 0.1, assumption: [1, 0] }),
  () => '1800-13-40',
  () => 99999,
];

/** Mutations of the document (structure). */
const DOC_MUTATIONS: ((doc: Document, rng: Rng) => void)[] = [
  (doc, rng) => {
    const ps = paths(doc);
    if (ps.length) doc.deleteIn(pick(rng, ps));
  },
  (doc, rng) => {
    const ps = paths(doc);
    if (ps.length) doc.setIn(pick(rng, ps), pick(rng, VALUES)(rng));
  },
  (doc, rng) => {
    // A reserved key, at the top or inside a mapping.
    const maps = [[] as Path, ...paths(doc).filter((p) => isMap(doc.getIn(p, true)))];
    const at = pick(rng, maps);
    const key = pick(rng, ['__proto__', 'constructor', 'prototype']);
    const node = at.length ? doc.getIn(at, true) : doc.contents;
    if (isMap(node)) node.add(doc.createPair(key, pick(rng, [{ polluted: 1 }, 1, 'x', [1]])));
  },
  (doc, rng) => {
    // A top-level field set to something else.
    doc.set(
      pick(rng, ['start', 'end', 'seed', 'replicates', 'name', 'extends', 'countries', 'events', 'levers', 'agents']),
      pick(rng, VALUES)(rng),
    );
  },
];

const BOMB = [
  'bomb_a: &bomb_a ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]',
  'bomb_b: &bomb_b [*bomb_a, *bomb_a, *bomb_a, *bomb_a, *bomb_a, *bomb_a, *bomb_a, *bomb_a, *bomb_a]',
  'bomb_c: &bomb_c [*bomb_b, *bomb_b, *bomb_b, *bomb_b, *bomb_b, *bomb_b, *bomb_b, *bomb_b, *bomb_b]',
  'bomb_d: [*bomb_c, *bomb_c, *bomb_c, *bomb_c, *bomb_c, *bomb_c, *bomb_c, *bomb_c, *bomb_c]',
  '',
].join('\n');

/** Mutations of the text (bytes and lines). */
const TEXT_MUTATIONS: ((text: string, rng: Rng) => string)[] = [
  // Truncated at a random byte.
  (text, rng) => text.slice(0, int(rng, text.length)),
  // Random bytes inserted.
  (text, rng) => {
    const at = int(rng, text.length);
    const bytes = Array.from({ length: 1 + int(rng, 16) }, () => String.fromCharCode(int(rng, 256))).join('');
    return text.slice(0, at) + bytes + text.slice(at);
  },
  // A line written twice (often a key twice in a mapping).
  (text, rng) => {
    const lines = text.split('\n');
    const i = int(rng, lines.length);
    lines.splice(i, 0, lines[i]);
    return lines.join('\n');
  },
  // A line deleted.
  (text, rng) => {
    const lines = text.split('\n');
    lines.splice(int(rng, lines.length), 1);
    return lines.join('\n');
  },
  // An alias bomb at the end.
  (text) => `${text}\n${BOMB}`,
  // Deep flow nesting at the end.
  (text, rng) => {
    const n = 1 + int(rng, 3000);
    return `${text}\ndeep: ${'['.repeat(n)}1${']'.repeat(n)}\n`;
  },
  // An alias to nothing, or inside itself.
  (text, rng) => `${text}\n${rng() < 0.5 ? 'ghost: *nothing' : 'loop: &loop { a: *loop }'}\n`,
  // A reserved key at the top.
  (text) => `__proto__: { polluted: 1 }\n${text}`,
];

/** Mutated text number `i`: one to three mutations of a bundled scenario. */
function mutant(i: number): string {
  const rng = seedrandom(`tipsim-fuzz-${i}`);
  let text = pick(rng, sources);
  const n = 1 + int(rng, 3);
  for (let m = 0; m < n; m++) {
    if (rng() < 0.5) {
      const doc = parseDocument(text, { uniqueKeys: false });
      if (doc.errors.length === 0) {
        try {
          pick(rng, DOC_MUTATIONS)(doc, rng);
          text = doc.toString({ lineWidth: 0 });
          continue;
        } catch {
          /* a path through an alias, or an anchor deleted before its alias: mutate the text instead */
        }
      }
    }
    text = pick(rng, TEXT_MUTATIONS)(text, rng);
  }
  return text;
}

let tmp: string;
beforeAll(() => {
  tmp = mkdtempSync(join(tmpdir(), 'tipsim-fuzz-'));
});
afterAll(() => {
  rmSync(tmp, { recursive: true, force: true });
});

describe('fuzzing tipsim validate with mutated bundled scenarios', () => {
  it(`${CASES} mutants: exit code 0 or 2, no internal error or stack trace, under ${SECONDS_PER_FILE} s each`, async () => {
    const failures: string[] = [];
    const codes = { 0: 0, 2: 0 };
    for (let i = 0; i < CASES; i++) {
      const text = mutant(i);
      // The mutants stay small: the loader refuses big files anyway.
      expect(text.length).toBeLessThan(100_000);
      const file = join(tmp, `mutant-${i}.yaml`);
      writeFileSync(file, text);
      const t0 = performance.now();
      const r = await runCli(['validate', file]);
      const seconds = (performance.now() - t0) / 1000;
      const output = r.out + r.err;
      const why = [
        r.code !== 0 && r.code !== 2 && `exit code ${r.code}`,
        output.includes('internal error') && 'internal error',
        /\n\s+at /.test(output) && 'stack trace',
        seconds >= SECONDS_PER_FILE && `${seconds.toFixed(1)} s`,
        r.code === 2 && !/problems? found:/.test(r.err) && 'exit 2 without problems',
        r.code === 0 && !r.out.includes('valid') && 'exit 0 without "valid"',
      ].filter(Boolean);
      if (why.length) failures.push(`mutant ${i} (${file}): ${why.join(', ')}\n${output.slice(0, 2000)}`);
      else {
        codes[r.code as 0 | 2]++;
        rmSync(file);
      }
    }
    expect(failures).toEqual([]);
    // The mutations reach both answers: some mutants stay valid, most do not.
    expect(codes[0]).toBeGreaterThan(0);
    expect(codes[2]).toBeGreaterThan(CASES / 2);
  }, 120_000);
});
