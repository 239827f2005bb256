/**
 * engine/apps/charts/html.ts without a browser: escaping of the user's text, the page's structure
 * (sections, table, manifest, links), the inlined libraries, and that no tag loads
 * anything from outside the file. The browser test (report.browser.test.ts) draws it.
 */
import { describe, it, expect } from 'vitest';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { TopLevelSpec } from 'vega-lite';
import {
  escapeHtml,
  inlinedLibraries,
  isRelativeRef,
  reportHtml,
  scriptSafeJson,
  type ReportInput,
} from '../../engine/apps/charts/html.ts';
import { baseConfig } from '../../engine/apps/charts/render.ts';

const lineSpec: TopLevelSpec = {
  data: {
    values: [
      { year: 2003, n: 10 },
      { year: 2004, n: 12 },
    ],
  },
  mark: 'line',
  encoding: {
    x: { field: 'year', type: 'quantitative', title: 'Year' },
    y: { field: 'n', type: 'quantitative', title: 'Victims (count)' },
  },
  config: baseConfig,
};

const EVIL = '</script><script>alert(1)</script><!-- x';

const barSpec: TopLevelSpec = {
  data: {
    values: [
      { prong: EVIL, n: 3 },
      { prong: 'Demand', n: 5 },
    ],
  },
  mark: 'bar',
  encoding: {
    x: { field: 'prong', type: 'nominal', title: 'Prong' },
    y: { field: 'n', type: 'quantitative', title: 'Averted per million EUR' },
  },
  config: baseConfig,
};

function input(over: Partial<ReportInput> = {}): ReportInput {
  return {
    title: 'Compare <script>alert("t")</script> & more',
    intro: 'First paragraph with <b>tags</b>.\n\nSecond & last.',
    table: {
      columns: ['Scenario', 'Victims <all>', 'Cost'],
      rows: [
        ['baseline', 1234, '0'],
        ['three <prongs>', 987.5, '12.5'],
      ],
      caption: 'Headline <2003-2010>',
    },
    charts: [
      {
        id: 'visibility-gap',
        title: 'The visibility gap <1>',
        text: 'True victims & assisted.',
        spec: lineSpec,
        png: 'charts/visibility-gap.png',
      },
      { id: 'cost_effect', title: 'Cost-effectiveness', text: 'Averted per million.', spec: barSpec },
    ],
    manifest: { version: '0.1.0', seeds: [11, 12], scenarios: { 'victims.yaml': 'ab12cd', evil: '</details></pre><script>' } },
    links: [
      { href: 'comparison.csv', label: 'comparison.csv' },
      { href: 'runs/baseline.csv?x=1&y=2', label: 'Baseline <runs>' },
    ],
    ...over,
  };
}

/** Every tag (name and raw attribute text) outside the <script> and <style> elements. */
function markupTags(html: string): { name: string; attrs: string }[] {
  const markup = html
    .replace(/(<script\b[^>]*>)[\s\S]*?<\/script>/gi, '$1</script>')
    .replace(/(<style\b[^>]*>)[\s\S]*?<\/style>/gi, '$1</style>');
  return [...markup.matchAll(/<([a-zA-Z][\w-]*)([^>]*)>/g)].map((m) => ({ name: m[1].toLowerCase(), attrs: m[2] }));
}

/** Attribute values that make a browser load or navigate somewhere. */
function urlAttributes(html: string): { tag: string; attr: string; value: string }[] {
  const out: { tag: string; attr: string; value: string }[] = [];
  for (const t of markupTags(html)) {
    for (const m of t.attrs.matchAll(
      /\s(src|href|srcset|action|formaction|poster|data|background|xlink:href|ping|cite)\s*=\s*("([^"]*)"|'([^']*)'|([^\s>]+))/gi,
    )) {
      out.push({ tag: t.name, attr: m[1].toLowerCase(), value: m[3] ?? m[4] ?? m[5] });
    }
  }
  return out;
}

/** The text of every <script> element, with its opening tag. */
function scripts(html: string): { open: string; body: string }[] {
  return [...html.matchAll(/(<script\b[^>]*>)([\s\S]*?)<\/script>/gi)].map((m) => ({ open: m[1], body: m[2] }));
}

const html = reportHtml(input());

describe('reportHtml: escaping', () => {
  it('keeps the title, intro, captions, cells and labels as text', () => {
    expect(html).toContain('<title>Compare &lt;script&gt;alert(&quot;t&quot;)&lt;/script&gt; &amp; more</title>');
    expect(html).toContain('<h1>Compare &lt;script&gt;alert(&quot;t&quot;)&lt;/script&gt; &amp; more</h1>');
    expect(html).toContain('<p class="intro">First paragraph with &lt;b&gt;tags&lt;/b&gt;.</p>');
    expect(html).toContain('<p class="intro">Second &amp; last.</p>');
    expect(html).toContain('<caption>Headline &lt;2003-2010&gt;</caption>');
    expect(html).toContain('<th scope="col">Victims &lt;all&gt;</th>');
    expect(html).toContain('<td>three &lt;prongs&gt;</td>');
    expect(html).toContain('The visibility gap &lt;1&gt;');
    expect(html).toContain('<a href="runs/baseline.csv?x=1&amp;y=2">Baseline &lt;runs&gt;</a>');
    expect(html).not.toContain('<script>alert');
    expect(html).not.toContain('<b>tags</b>');
  });

  it('ends each <script> element only where it should, and the specs read back unchanged', () => {
    const opened = html.match(/<script\b/gi)!.length;
    const closed = html.match(/<\/script/gi)!.length;
    expect(closed).toBe(opened);
    expect(html).not.toContain(EVIL);
    const ss = scripts(html);
    // The specs, three libraries, the embedding script.
    expect(ss).toHaveLength(5);
    const json = ss.find((s) => s.open.includes('id="report-specs"'))!;
    expect(json.open).toContain('type="application/json"');
    expect(json.body).not.toMatch(/<\/|<!--/);
    const specs = JSON.parse(json.body) as { id: string; title: string; spec: TopLevelSpec }[];
    expect(specs.map((s) => s.id)).toEqual(['visibility-gap', 'cost_effect']);
    expect(specs[1].spec).toEqual(barSpec);
    expect(specs[0].title).toBe('The visibility gap <1>');
  });

  it('scriptSafeJson and escapeHtml', () => {
    const v = { a: '</script>', b: '<!--', c: 'line\u2028sep\u2029' };
    const s = scriptSafeJson(v);
    expect(s).not.toMatch(/[<\u2028\u2029]/);
    expect(JSON.parse(s)).toEqual(v);
    expect(escapeHtml(`<a href="x" title='y'>&</a>`)).toBe('&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;&amp;&lt;/a&gt;');
  });

  it('shows the manifest as escaped pretty JSON in a <details>', () => {
    const m = /<details id="manifest">[\s\S]*?<pre><code>([\s\S]*?)<\/code><\/pre>\s*<\/details>/.exec(html);
    expect(m).not.toBeNull();
    const text = m![1]
      .replace(/&lt;/g, '<')
      .replace(/&gt;/g, '>')
      .replace(/&quot;/g, '"')
      .replace(/&#39;/g, "'")
      .replace(/&amp;/g, '&');
    expect(text).toBe(JSON.stringify(input().manifest, null, 2));
    expect(m![1]).toContain('&lt;/details&gt;&lt;/pre&gt;&lt;script&gt;');
  });
});

describe('reportHtml: structure', () => {
  it('is an accessible page: lang, charset, viewport, one h1, headings per section', () => {
    expect(html.startsWith('<!DOCTYPE html>\n<html lang="en">')).toBe(true);
    expect(html).toContain('<meta charset="utf-8">');
    expect(html).toContain('<meta name="viewport" content="width=device-width, initial-scale=1">');
    expect(html.match(/<h1\b/g)).toHaveLength(1);
    expect(html).toMatch(/@media print/);
    expect(html).toMatch(/font-family: system-ui/);
  });

  it('has a section per chart with its heading, text and container, in order', () => {
    const r = input();
    let last = -1;
    for (const c of r.charts) {
      const section = new RegExp(
        `<section aria-labelledby="${c.id}-title">\\s*<h2 id="${c.id}-title">${escapeHtml(c.title)}</h2>\\s*<p>${escapeHtml(c.text)}</p>\\s*<div class="chart" id="${c.id}">`,
      ).exec(html);
      expect(section, c.id).not.toBeNull();
      expect(section!.index).toBeGreaterThan(last);
      last = section!.index;
      expect(html).toContain(`<li><a href="#${c.id}-title">${escapeHtml(c.title)}</a></li>`);
    }
    // The PNG fallback sits in its chart's container until the chart is drawn.
    expect(html).toContain(
      '<div class="chart" id="visibility-gap"><img src="charts/visibility-gap.png" alt="The visibility gap &lt;1&gt;" loading="lazy"></div>',
    );
    expect(html).toContain('<div class="chart" id="cost_effect"></div>');
  });

  it('has the headline table with a caption, column headers and every row', () => {
    expect(html).toMatch(
      /<table>\s*<caption>Headline &lt;2003-2010&gt;<\/caption>\s*<thead><tr><th scope="col">Scenario<\/th><th scope="col">Victims &lt;all&gt;<\/th><th scope="col">Cost<\/th><\/tr><\/thead>/,
    );
    expect(html).toContain('<tr><td>baseline</td><td class="num">1234</td><td>0</td></tr>');
    expect(html).toContain('<tr><td>three &lt;prongs&gt;</td><td class="num">987.5</td><td>12.5</td></tr>');
    const noCaption = reportHtml(input({ table: { columns: ['a'], rows: [[1]] }, charts: [] }));
    expect(noCaption).not.toContain('<caption>');
    expect(noCaption).toContain('<th scope="col">a</th>');
  });

  it('links the data files', () => {
    expect(html).toContain('<li><a href="comparison.csv">comparison.csv</a></li>');
    expect(reportHtml(input({ links: [] }))).toContain('<p>No data files.</p>');
  });

  it('inlines vega, vega-lite and vega-embed (in load order, without source-map comments)', () => {
    const require = createRequire(import.meta.url);
    const libs = inlinedLibraries();
    expect(libs.map((l) => l.name)).toEqual(['vega', 'vega-lite', 'vega-embed']);
    expect(libs.map((l) => l.file)).toEqual(['build/vega.min.js', 'build/vega-lite.min.js', 'build/vega-embed.min.js']);
    const ss = scripts(html);
    const inlined = ss.filter((s) => s.open.includes('data-library='));
    expect(inlined.map((s) => /data-library="([^"]+)"/.exec(s.open)![1])).toEqual(['vega', 'vega-lite', 'vega-embed']);
    for (const [i, lib] of libs.entries()) {
      // The same code as the package's dist file, but for the source-map comment.
      const dist = readFileSync(require.resolve(lib.name).replace(/build\/[^/]+$/, lib.file), 'utf8');
      const body = inlined[i].body;
      expect(body.length).toBeGreaterThan(dist.length - 200);
      expect(body).toContain(dist.slice(0, 2000));
      expect(body).toContain(`.${lib.global}`);
      expect(body).not.toContain('sourceMappingURL');
      expect(inlined[i].open).toContain(`data-version="${lib.version}"`);
    }
    expect(libs.find((l) => l.name === 'vega')!.version).toMatch(/^6\./);
    expect(libs.find((l) => l.name === 'vega-lite')!.version).toMatch(/^6\./);
    expect(libs.find((l) => l.name === 'vega-embed')!.version).toMatch(/^7\./);
    // The embedding script comes last, after the libraries it uses.
    expect(ss[ss.length - 1].open).toBe('<script>');
    expect(ss[ss.length - 1].body).toContain('vegaEmbed(el, c.spec');
  });

  it('is a reasonable size: the libraries (under 1 MB) and the specs', () => {
    const bytes = Buffer.byteLength(html);
    expect(bytes).toBeGreaterThan(700_000);
    expect(bytes).toBeLessThan(1_000_000);
  });
});

describe('reportHtml: nothing from outside', () => {
  it('no <script src>, <link>, <iframe>, <object>, <embed>, <base> or CSS url()', () => {
    const tags = markupTags(html);
    expect(tags.filter((t) => t.name === 'script' && /\ssrc\s*=/i.test(t.attrs))).toEqual([]);
    expect(
      tags.filter((t) => ['link', 'iframe', 'object', 'embed', 'base', 'frame', 'video', 'audio', 'source', 'track'].includes(t.name)),
    ).toEqual([]);
    const styles = [...html.matchAll(/<style\b[^>]*>([\s\S]*?)<\/style>/gi)].map((m) => m[1]).join('\n');
    expect(styles).not.toMatch(/url\s*\(|@import/i);
    expect(tags.filter((t) => /\sstyle\s*=/i.test(t.attrs))).toEqual([]);
  });

  it('every src/href is relative: no scheme, no //host, no absolute path', () => {
    const refs = urlAttributes(html);
    expect(refs.map((r) => `${r.tag} ${r.attr}=${r.value}`).sort()).toEqual([
      'a href=#cost_effect-title',
      'a href=#files',
      'a href=#headline',
      'a href=#visibility-gap-title',
      'a href=comparison.csv',
      'a href=runs/baseline.csv?x=1&amp;y=2',
      'img src=charts/visibility-gap.png',
    ]);
    for (const r of refs) {
      expect(r.value, `${r.tag} ${r.attr}`).not.toMatch(/^\s*([a-z][a-z0-9+.-]*:|\/\/|\/|\\)/i);
    }
    // Outside the inlined libraries and the specs' data, no URL at all (the specs'
    // $schema would be the only one, and these test specs have none).
    const markup = html.replace(/(<script\b[^>]*>)[\s\S]*?<\/script>/gi, '$1</script>');
    expect(markup).not.toMatch(/https?:\/\//);
  });

  it('a Content-Security-Policy forbids connections and outside images', () => {
    const csp = /<meta http-equiv="Content-Security-Policy" content="([^"]+)">/.exec(html);
    expect(csp).not.toBeNull();
    expect(csp![1]).toContain("default-src 'none'");
    expect(csp![1]).toContain("connect-src 'none'");
    expect(csp![1]).toContain("img-src 'self' data:");
  });

  it('refuses links and PNG fallbacks that are not relative', () => {
    for (const bad of [
      'https://example.org/a.csv',
      'http://x/y',
      '//cdn.example/a.js',
      'file:///etc/passwd',
      'javascript:alert(1)',
      'data:text/html,x',
      '/abs/path.csv',
      '\\\\host\\share',
      'a b.csv',
      '',
    ]) {
      expect(isRelativeRef(bad), bad).toBe(false);
      expect(() => reportHtml(input({ links: [{ href: bad, label: 'x' }] })), bad).toThrow(/relative path/);
      const charts = [{ ...input().charts[0], png: bad }];
      expect(() => reportHtml(input({ charts })), bad).toThrow(/relative path/);
    }
    for (const good of ['comparison.csv', './a/b.csv', '../up.csv', 'a%20b.csv', '#headline', 'x.csv?y=1']) {
      expect(isRelativeRef(good), good).toBe(true);
    }
  });

  it('refuses chart ids that are not plain or that clash, and ragged table rows', () => {
    const c = input().charts[0];
    for (const id of ['1abc', 'a b', 'a"b', '', 'headline', 'report-specs']) {
      expect(() => reportHtml(input({ charts: [{ ...c, id }] })), id).toThrow(/chart id/);
    }
    expect(() => reportHtml(input({ charts: [c, { ...c }] }))).toThrow(/used twice/);
    expect(() =>
      reportHtml(
        input({
          charts: [
            { ...c, id: 'a' },
            { ...c, id: 'a-title' },
          ],
        }),
      ),
    ).toThrow(/used twice/);
    expect(() => reportHtml(input({ table: { columns: ['a', 'b'], rows: [[1]] } }))).toThrow(/row 0 has 1 cells/);
  });
});
