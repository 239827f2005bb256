/**
 * engine/apps/charts/render.ts: vega-lite compile, headless SVG, PNG through resvg with the machine's
 * fonts, the shared theme, and the refusal to load anything from outside.
 */
import { describe, it, expect, beforeAll } from 'vitest';
import { Resvg } from '@resvg/resvg-js';
import type { TopLevelSpec } from 'vega-lite';
import { baseConfig, compile, OKABE_ITO, resvgOptions, textWidth, THEME, toPng, toSvg } from '../../engine/apps/charts/render.ts';

const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

/** Width and height from a PNG's IHDR chunk. */
function pngSize(png: Uint8Array): { width: number; height: number } {
  const dv = new DataView(png.buffer, png.byteOffset, png.byteLength);
  return { width: dv.getUint32(16), height: dv.getUint32(20) };
}

/** Width and height attributes of the root <svg>. */
function svgSize(svg: string): { width: number; height: number } {
  const m = /<svg[^>]*\swidth="(\d+(?:\.\d+)?)"[^>]*\sheight="(\d+(?:\.\d+)?)"/.exec(svg);
  if (!m) throw new Error('no svg size');
  return { width: Number(m[1]), height: Number(m[2]) };
}

const barSpec: TopLevelSpec = {
  data: {
    values: [
      { country: 'Romania', n: 3 },
      { country: 'Bulgaria', n: 5 },
      { country: 'Moldova', n: 2 },
    ],
  },
  mark: 'bar',
  encoding: {
    x: { field: 'country', type: 'nominal', title: 'Country of origin' },
    y: { field: 'n', type: 'quantitative', title: 'Victims (count)' },
  },
  config: baseConfig,
};

describe('theme', () => {
  it('uses the Okabe–Ito palette and a white background', () => {
    expect([...OKABE_ITO]).toEqual(['#000000', '#E69F00', '#56B4E9', '#009E73', '#F0E442', '#0072B2', '#D55E00', '#CC79A7']);
    expect(baseConfig.range?.category).toEqual([...OKABE_ITO]);
    expect(baseConfig.background).toBe('white');
    expect(THEME.background).toBe('white');
    expect(baseConfig.axis?.labelFontSize).toBeGreaterThanOrEqual(11);
  });
});

describe('compile', () => {
  it('turns a vega-lite spec into a vega spec with marks and inline data', () => {
    const vg = compile(barSpec);
    expect(vg.$schema).toMatch(/vega\/v6/);
    expect(vg.marks?.some((m) => m.type === 'rect')).toBe(true);
    expect(JSON.stringify(vg.data)).toContain('Bulgaria');
    expect(vg.background).toBe('white');
  });
});

describe('toSvg', () => {
  let svg: string;
  beforeAll(async () => {
    svg = await toSvg(barSpec);
  });

  it('draws one rect mark per datum, the axis titles and labels, on white', () => {
    expect(svg.startsWith('<svg')).toBe(true);
    const bars = /<g class="mark-rect role-mark[^"]*"[^>]*>(.*?)<\/g>/.exec(svg);
    expect(bars).not.toBeNull();
    expect(bars![1].match(/<path/g)?.length).toBe(3);
    for (const label of ['Romania', 'Bulgaria', 'Moldova', 'Country of origin', 'Victims (count)']) {
      expect(svg).toContain(`>${label}</text>`);
    }
    expect(svg).toMatch(/^<svg[^>]*><rect width="\d+" height="\d+" fill="white"\/>/);
  });

  it('sizes the layout from DejaVu Sans widths, not the 0.8 em per character guess', async () => {
    // A y axis title about 280 px long in DejaVu Sans 13 px: it fits a 300 px tall
    // plot. vega's guess (0.8 em a character, about 375 px) would not fit, and vega would
    // pad the chart above and below by the overflow.
    const title = 'An axis title of thirty-six letters';
    const spec = (t: string): TopLevelSpec => ({
      data: { values: [{ a: 1, b: 2 }] },
      mark: 'point',
      width: 200,
      height: 300,
      encoding: { x: { field: 'a', type: 'quantitative' }, y: { field: 'b', type: 'quantitative', title: t } },
      config: baseConfig,
    });
    const withTitle = svgSize(await toSvg(spec(title))).height;
    const shortTitle = svgSize(await toSvg(spec('b'))).height;
    expect(withTitle).toBe(shortTitle);
  });

  it('refuses to load data from a URL instead of drawing an empty chart', async () => {
    const spec: TopLevelSpec = {
      data: { url: 'https://example.invalid/data.json' },
      mark: 'point',
      encoding: { x: { field: 'a', type: 'quantitative' } },
    };
    await expect(toSvg(spec)).rejects.toThrow(/inline data.*example\.invalid/);
  });
});

describe('textWidth', () => {
  it('uses DejaVu Sans advance widths, wider in bold, capped by the limit', () => {
    expect(textWidth({ fontSize: 10 }, 'ab')).toBeCloseTo((0.613 + 0.635) * 10, 9);
    expect(textWidth({}, 'a')).toBeCloseTo(0.613 * 11, 9); // vega's default size
    expect(textWidth({ fontSize: 10, fontWeight: 'bold' }, 'ab')).toBeGreaterThan(textWidth({ fontSize: 10 }, 'ab'));
    expect(textWidth({ fontSize: 10, limit: 5 }, 'ab')).toBe(5);
    expect(textWidth({ fontSize: 10 }, '  ab  ')).toBe(textWidth({ fontSize: 10 }, 'ab'));
    expect(textWidth({ fontSize: 10 }, 'μ')).toBeCloseTo(6, 9);
  });
});

describe('toPng', () => {
  it('writes a PNG at the requested scale', async () => {
    const svg = await toSvg(barSpec);
    const size = svgSize(svg);
    const png = toPng(svg);
    expect(png).toBeInstanceOf(Uint8Array);
    expect([...png.subarray(0, 8)]).toEqual(PNG_SIGNATURE);
    expect(png.length).toBeGreaterThan(1000);
    expect(pngSize(png)).toEqual({ width: size.width * 2, height: size.height * 2 });
    expect(pngSize(toPng(svg, 1))).toEqual(size);
  });

  it('draws text with an installed font (DejaVu Sans) and a white background', () => {
    // Only text: if resvg finds no font, nothing is drawn and every pixel stays white.
    const svg =
      '<svg xmlns="http://www.w3.org/2000/svg" width="200" height="40">' +
      '<text x="10" y="28" font-family="DejaVu Sans, sans-serif" font-size="20" fill="#000">Vreja 2005</text></svg>';
    const img = new Resvg(svg, resvgOptions(1)).render();
    const px = img.pixels;
    expect([px[0], px[1], px[2], px[3]]).toEqual([255, 255, 255, 255]);
    let dark = 0;
    for (let i = 0; i < px.length; i += 4) if (px[i] < 128 && px[i + 1] < 128 && px[i + 2] < 128) dark++;
    expect(dark).toBeGreaterThan(100);
  });
});
