import { describe, expect, it } from 'vitest';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { deepMerge, loadScenario } from '../../engine/kernel/scenario/loader.ts';
import { InputError, type Problem } from '../../engine/kernel/messages.ts';
import { resolveParams } from '../../engine/model/params.ts';
import { countryIndex } from '../../engine/kernel/scenario/countries.ts';

const TINY = fileURLToPath(new URL('../../scenarios/tiny.yaml', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'tipsim-sourced-'));
const write = (name: string, text: string) => {
  const path = join(dir, name);
  writeFileSync(path, `extends: ${JSON.stringify(TINY)}\nname: ${name.replace('.yaml', '')}\n${text}`);
  return path;
};
function problems(path: string): Problem[] {
  try {
    loadScenario(path);
  } catch (e) {
    expect(e).toBeInstanceOf(InputError);
    return (e as InputError).problems;
  }
  throw new Error('accepted');
}

describe('values that carry their source or an assumption range', () => {
  it('resolve to the same series as the plain value', () => {
    const sourced = write(
      'sourced.yaml',
      `countries:
  MD:
    emigration: { value: 0.02, source: "Vreja 2005" }
    recruited_share: { value: { schedule: { 1995: 0.2, 1997: 0.6 }, interpolate: linear }, assumption: [0.1, 0.9], note: "guess" }
`,
    );
    const plain = write(
      'plain.yaml',
      `countries:
  MD:
    emigration: 0.02
    recruited_share: { schedule: { 1995: 0.2, 1997: 0.6 }, interpolate: linear }
`,
    );
    const a = resolveParams(loadScenario(sourced).scenario);
    const b = resolveParams(loadScenario(plain).scenario);
    expect(a.country.emigration).toEqual(b.country.emigration);
    expect(a.country.recruited_share).toEqual(b.country.recruited_share);
    const T = a.clock.ticks;
    expect(a.country.emigration[countryIndex('MD') * T]).toBe(0.02);
    expect(a.country.recruited_share[countryIndex('MD') * T + 12]).toBeCloseTo(0.4, 12);
  });

  it('report problems inside the value, the source and the range, each by field', () => {
    const ps = problems(
      write(
        'bad.yaml',
        `countries:
  MD:
    safe_return: { value: 2, source: "" }
  RO:
    detection: { value: { schedule: { 1995: 0.1, 1996: 3 } }, assumption: [0.5, 0.1] }
    escape: { valu: 0.1, source: "a" }
`,
      ),
    );
    const paths = ps.map((p) => p.path);
    expect(paths).toContain('countries.MD.safe_return.value');
    expect(paths).toContain('countries.MD.safe_return.source');
    expect(paths).toContain('countries.RO.detection.value.schedule.1996');
    expect(paths).toContain('countries.RO.detection.assumption');
    const unknown = ps.find((p) => p.path === 'countries.RO.escape.valu');
    expect(unknown?.hint).toContain('"value"');
    expect(ps.find((p) => p.path === 'countries.RO.detection.assumption')?.found).toBe('[0.5, 0.1]');
  });

  it('an assumption range must lie within the field’s range', () => {
    const ps = problems(write('range.yaml', 'countries:\n  MD: { emigration: { value: 0.1, assumption: [0, 1.5] } }\n'));
    expect(ps.map((p) => p.path)).toEqual(['countries.MD.emigration.assumption[1]']);
  });

  it('an override replaces a sourced value whole (its source does not survive)', () => {
    expect(deepMerge({ x: { value: 1, source: 'article' } }, { x: { value: 2, assumption: [1, 3] } })).toEqual({
      x: { value: 2, assumption: [1, 3] },
    });
    expect(deepMerge({ x: { value: 1, source: 'article' } }, { x: 0.5 })).toEqual({ x: 0.5 });
  });
});
