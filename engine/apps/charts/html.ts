/**
 * One self-contained HTML report: a headline table (and, optionally, more sections of
 * text and tables after it), charts with a short text each, the run's manifest and links
 * to the CSVs next to it.
 *
 * The file opens offline from disk (file://): the minified UMD builds of vega, vega-lite
 * and vega-embed are read from node_modules and inlined into <script> tags, every chart
 * carries its data inline, and nothing is loaded from outside. A Content-Security-Policy
 * meta tag makes the browser itself refuse any connection (connect-src 'none'), and the
 * charts get a vega loader that refuses every load. The only outside references allowed
 * are relative ones (links to CSVs, PNG fallbacks); reportHtml throws on anything else.
 *
 * In the browser each chart is embedded with vega-embed (SVG renderer, no action menu).
 * When all charts are drawn, `document.body.dataset.rendered` becomes 'true'; when one
 * fails (vega-embed rejects, vega logs an error, or a load is refused), `data-render-error`
 * gets the messages once every chart has settled, the chart's box says so (and shows its
 * PNG fallback, if any) and the error goes to console.error. Tests wait for either.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { TopLevelSpec } from 'vega-lite';

export interface ReportChart {
  /** HTML id of the chart's container: a letter, then letters, digits, '-' or '_'. */
  id: string;
  title: string;
  /** Short plain text shown above the chart; blank lines separate paragraphs. */
  text: string;
  /** vega-lite spec with inline data. */
  spec: TopLevelSpec;
  /** Relative path of a PNG fallback, shown without JavaScript or when drawing fails. */
  png?: string;
}

export interface ReportInput {
  title: string;
  /** Plain text; blank lines separate paragraphs. */
  intro: string;
  /** The headline table. Numbers are shown as given (format them before). */
  table: { columns: string[]; rows: (string | number)[][]; caption?: string };
  charts: ReportChart[];
  /** Shown in a <details> as pretty JSON (version, seeds, scenario hashes). */
  manifest: Record<string, unknown>;
  /** Relative links, e.g. to the CSVs. */
  links: { href: string; label: string }[];
  /** More sections after the headline table, each with a heading, text and an optional table (none when absent). */
  sections?: ReportSection[];
}

/** A section of text (and a table) after the headline table. */
export interface ReportSection {
  /** HTML id of its heading: a letter, then letters, digits, '-' or '_'. */
  id: string;
  title: string;
  /** Plain text; blank lines separate paragraphs. */
  text: string;
  table?: ReportInput['table'];
}

/** One library inlined into the report. */
export interface InlinedLibrary {
  name: 'vega' | 'vega-lite' | 'vega-embed';
  version: string;
  /** Path of the dist file inside the package. */
  file: string;
  /** The global the UMD build defines. */
  global: string;
}

/** The UMD builds, in load order (vega-lite needs the global `vega`, vega-embed both). */
const LIBRARIES: readonly Omit<InlinedLibrary, 'version'>[] = [
  { name: 'vega', file: 'build/vega.min.js', global: 'vega' },
  { name: 'vega-lite', file: 'build/vega-lite.min.js', global: 'vegaLite' },
  { name: 'vega-embed', file: 'build/vega-embed.min.js', global: 'vegaEmbed' },
];

const require = createRequire(import.meta.url);

/** Root folder of an installed package (its exports hide package.json, so walk up from its entry). */
function packageRoot(name: string): string {
  let dir = dirname(require.resolve(name));
  for (;;) {
    try {
      const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { name?: string };
      if (pkg.name === name) return dir;
    } catch {
      // no package.json here: keep walking up
    }
    const up = dirname(dir);
    if (up === dir) throw new Error(`viz/report: cannot find the folder of package ${name}`);
    dir = up;
  }
}

let libraryCache: { info: InlinedLibrary[]; code: string[] } | undefined;

/** Read (once) the dist files and make them safe inside a <script> element. */
function loadLibraries(): { info: InlinedLibrary[]; code: string[] } {
  if (libraryCache) return libraryCache;
  const info: InlinedLibrary[] = [];
  const code: string[] = [];
  for (const lib of LIBRARIES) {
    const root = packageRoot(lib.name);
    const { version } = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { version: string };
    const source = readFileSync(join(root, lib.file), 'utf8')
      // The source maps are not shipped: drop the comment that points to them.
      .replace(/\n?\/\/# sourceMappingURL=\S*\s*$/, '\n');
    info.push({ ...lib, version });
    code.push(scriptSafeCode(source));
  }
  libraryCache = { info, code };
  return libraryCache;
}

/** The inlined libraries as <script> elements, in load order (vega, vega-lite, vega-embed). */
export function inlinedLibraryScripts(): string {
  const libs = loadLibraries();
  return libs.info
    .map((l, i) => `<script data-library="${l.name}" data-version="${escapeHtml(l.version)}">\n${libs.code[i]}</script>`)
    .join('\n');
}

/** The libraries reportHtml inlines, with the installed versions. */
export function inlinedLibraries(): InlinedLibrary[] {
  return loadLibraries().info.map((l) => ({ ...l }));
}

// ---------------------------------------------------------------------------
// Escaping

/** Escape plain text for HTML text and (double-quoted) attribute values. */
export function escapeHtml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
}

/**
 * JavaScript made safe inside <script>…</script>: a `</script` would end the element and
 * `<!--` can switch the HTML parser into its "escaped" states. Neither occurs in the
 * current builds; where they would, they can only be inside strings, template literals,
 * regular expressions or comments, in which `<\/` and `<\!` mean the same as `</`, `<!`.
 * (A blanket `</` -> `<\/` is not safe for code: vega's `/</g` would become `/<\/g`.)
 */
function scriptSafeCode(js: string): string {
  return js.replace(/<\/(script)/gi, '<\\/$1').replace(/<!--/g, '<\\!--');
}

/**
 * JSON made safe inside <script type="application/json">: every `<` becomes `\u003c`
 * (so no `</script`, no `<!--`), and U+2028/U+2029 are escaped too. JSON.parse reads it back
 * unchanged.
 */
export function scriptSafeJson(value: unknown): string {
  return JSON.stringify(value)
    .replace(/</g, '\\u003c')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
}

/** Paragraphs of plain text (separated by blank lines), escaped. */
function paragraphs(text: string, cls?: string): string {
  const attr = cls ? ` class="${cls}"` : '';
  return text
    .split(/\n\s*\n/)
    .map((p) => p.trim())
    .filter((p) => p.length > 0)
    .map((p) => `<p${attr}>${escapeHtml(p)}</p>`)
    .join('\n');
}

const ID = /^[A-Za-z][A-Za-z0-9_-]*$/;
/** Ids the page itself uses. */
const RESERVED_IDS = new Set(['report-specs', 'headline', 'charts', 'manifest', 'files', 'contents']);

/**
 * A reference the report may carry: relative only. Refused: any scheme (http:, file:,
 * javascript:, data:, …), protocol-relative `//host`, absolute paths `/…` and `\…`
 * (on file:// these name the disk's root), and control characters or spaces.
 */
export function isRelativeRef(href: string): boolean {
  if (href.length === 0) return false;
  if (/[\u0000-\u0020\u007f\\]/.test(href)) return false;
  if (/^[A-Za-z][A-Za-z0-9+.-]*:/.test(href)) return false;
  if (href.startsWith('/')) return false;
  return true;
}

function checkRef(href: string, what: string): string {
  if (!isRelativeRef(href)) {
    throw new Error(`viz/report: ${what} must be a relative path (no scheme, no leading '/'): ${JSON.stringify(href)}`);
  }
  return href;
}

function validate(r: ReportInput): void {
  // Each chart uses two ids: its container's and its heading's (`<id>-title`).
  const ids = new Set<string>(RESERVED_IDS);
  for (const c of r.charts) {
    if (!ID.test(c.id)) throw new Error(`viz/report: chart id ${JSON.stringify(c.id)} is not a plain HTML id`);
    for (const id of [c.id, `${c.id}-title`]) {
      if (ids.has(id)) throw new Error(`viz/report: chart id ${JSON.stringify(c.id)}: the id ${id} is used twice`);
      ids.add(id);
    }
    if (c.png !== undefined) checkRef(c.png, `the PNG fallback of chart ${c.id}`);
  }
  for (const s of r.sections ?? []) {
    if (!ID.test(s.id)) throw new Error(`viz/report: section id ${JSON.stringify(s.id)} is not a plain HTML id`);
    if (ids.has(s.id)) throw new Error(`viz/report: section id ${JSON.stringify(s.id)} is used twice`);
    ids.add(s.id);
  }
  for (const l of r.links) checkRef(l.href, `link ${JSON.stringify(l.label)}`);
  const checkTable = (t: ReportInput['table'], what: string) => {
    const n = t.columns.length;
    t.rows.forEach((row, i) => {
      if (row.length !== n) throw new Error(`viz/report: ${what} row ${i} has ${row.length} cells, the table ${n} columns`);
    });
  };
  checkTable(r.table, 'table');
  for (const s of r.sections ?? []) if (s.table) checkTable(s.table, `section ${s.id}: table`);
}

// ---------------------------------------------------------------------------
// Page

/**
 * The policy of an offline page: scripts and styles only inline (vega compiles its
 * expressions with `new Function`, hence 'unsafe-eval'), images only from the given
 * sources, no connections, frames, fonts or forms. With `blobWorkers`, the page may
 * also start Web Workers from blob: URLs it made itself (the seminar page's engine).
 */
/**
 * The start of every offline HTML file tipsim writes, to the end of its <head>: the
 * doctype, charset, viewport, its content security policy (offlineCsp), generator,
 * title and inline style. Text is escaped here; the policy and the style are given
 * as they are.
 */
export function htmlHead(o: { csp: string; generator: string; title: string; style: string }): string {
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="${o.csp}">
<meta name="generator" content="${escapeHtml(o.generator)}">
<title>${escapeHtml(o.title)}</title>
<style>${o.style}</style>
</head>`;
}

export function offlineCsp(o: { img: string[]; blobWorkers?: boolean }): string {
  return [
    "default-src 'none'",
    `script-src 'unsafe-inline' 'unsafe-eval'${o.blobWorkers ? ' blob:' : ''}`,
    ...(o.blobWorkers ? ['worker-src blob:'] : []),
    "style-src 'unsafe-inline'",
    `img-src ${o.img.join(' ')}`,
    "connect-src 'none'",
    "font-src 'none'",
    "form-action 'none'",
    "base-uri 'none'",
  ].join('; ');
}

/** The report's own policy: images from the report's folder (PNG fallbacks) or data: URLs (vega-embed's own). */
const CSP = offlineCsp({ img: ["'self'", 'data:'] });

const STYLE = `
:root { color-scheme: light; --ink: #1a1a1a; --muted: #555; --rule: #d0d0d0; --accent: #0072B2; }
* { box-sizing: border-box; }
html { font-size: 100%; -webkit-text-size-adjust: 100%; }
body {
  margin: 0 auto; padding: 1.5rem 1rem 3rem; max-width: 64rem;
  font-family: system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", "DejaVu Sans", "Helvetica Neue", Arial, sans-serif;
  line-height: 1.5; color: var(--ink); background: #fff;
}
h1 { font-size: 1.75rem; line-height: 1.25; margin: 0 0 0.75rem; }
h2 { font-size: 1.3rem; line-height: 1.3; margin: 2.25rem 0 0.5rem; }
p { margin: 0 0 0.75rem; max-width: 48rem; }
a { color: var(--accent); }
a:focus-visible, summary:focus-visible { outline: 3px solid #E69F00; outline-offset: 2px; }
nav ol { margin: 0; padding-left: 1.5rem; }
.table-wrap { overflow-x: auto; }
table { border-collapse: collapse; margin: 0.5rem 0 1rem; font-variant-numeric: tabular-nums; }
caption { caption-side: top; text-align: left; font-weight: 600; padding-bottom: 0.4rem; }
th, td { padding: 0.35rem 0.75rem; border-bottom: 1px solid var(--rule); vertical-align: top; }
thead th { text-align: left; border-bottom: 2px solid var(--ink); }
td.num { text-align: right; white-space: nowrap; }
tbody tr:nth-child(even) { background: #f6f6f6; }
.chart { overflow-x: auto; margin: 0.5rem 0 0; min-height: 2rem; }
.chart img { max-width: 100%; height: auto; }
.chart-error { color: #D55E00; font-weight: 600; }
details { margin: 0.5rem 0; }
summary { cursor: pointer; font-weight: 600; }
pre { overflow-x: auto; background: #f6f6f6; padding: 0.75rem; border: 1px solid var(--rule); font-size: 0.85rem; line-height: 1.4; }
footer { margin-top: 3rem; color: var(--muted); font-size: 0.875rem; border-top: 1px solid var(--rule); padding-top: 0.75rem; }
@media print {
  body { max-width: none; padding: 0; font-size: 10.5pt; }
  a { color: inherit; }
  nav { display: none; }
  section, table, figure { break-inside: avoid; page-break-inside: avoid; }
  h2 { break-after: avoid; page-break-after: avoid; }
  .chart { overflow: visible; }
  pre { white-space: pre-wrap; }
}
`;

/**
 * The embedding script. Plain ES2017 for any current browser; reads the specs from the
 * JSON element, embeds each with vega-embed, then marks <body>.
 */
const EMBED_SCRIPT = `
(function () {
  'use strict';
  var body = document.body;
  function message(e) { return e && e.message ? String(e.message) : String(e); }
  var failures = [];
  function fail(msg, e) {
    failures.push(msg);
    console.error('report: ' + msg, e);
  }
  // Print the manifest too: open every <details> before printing.
  window.addEventListener('beforeprint', function () {
    document.querySelectorAll('details').forEach(function (d) { d.open = true; });
  });
  var charts;
  try {
    charts = JSON.parse(document.getElementById('report-specs').textContent);
    if (typeof vegaEmbed !== 'function') throw new Error('vega-embed did not load');
  } catch (e) {
    fail(message(e), e);
    body.dataset.renderError = failures.join('; ');
    return;
  }
  // Data are inline: any load is a bug. Refuse it and note it (vega only logs a warning
  // and draws the chart without the data).
  function refusingLoader(errors) {
    function refuse(uri) {
      var msg = 'offline report: refused to load ' + uri;
      errors.push(msg);
      return Promise.reject(new Error(msg));
    }
    return { load: refuse, sanitize: refuse, http: refuse, file: refuse };
  }
  // vega only logs some failures and draws on: note what it logs as an error, so that
  // such a chart counts as failed.
  function chartLogger(errors) {
    var base = vega.logger(vega.Warn);
    var log = {};
    ['level', 'error', 'warn', 'info', 'debug'].forEach(function (name) {
      log[name] = function () {
        if (name === 'error') errors.push(Array.prototype.map.call(arguments, message).join(' '));
        var r = base[name].apply(base, arguments);
        return r === base ? log : r;
      };
    });
    return log;
  }
  Promise.all(charts.map(function (c) {
    var el = document.getElementById(c.id);
    var fallback = el.innerHTML;
    var errors = [];
    el.innerHTML = '';
    el.setAttribute('aria-busy', 'true');
    return vegaEmbed(el, c.spec, {
      mode: 'vega-lite', renderer: 'svg', actions: false, loader: refusingLoader(errors), logger: chartLogger(errors)
    })
      .then(function (result) {
        if (errors.length) throw new Error(errors.join('; '));
        el.removeAttribute('aria-busy');
        var svg = el.querySelector('svg');
        if (svg) {
          svg.setAttribute('role', 'img');
          svg.setAttribute('aria-label', c.title);
        }
        return result;
      })
      .catch(function (e) {
        el.removeAttribute('aria-busy');
        el.innerHTML = fallback;
        var p = document.createElement('p');
        p.className = 'chart-error';
        p.textContent = 'This chart could not be drawn: ' + message(e);
        el.insertBefore(p, el.firstChild);
        fail('chart ' + c.id + ': ' + message(e), e);
        return null;
      });
  })).then(function () {
    // Only once every chart has settled, so that a waiting test sees all failures.
    if (failures.length) body.dataset.renderError = failures.join('; ');
    else body.dataset.rendered = 'true';
  });
})();
`;

function tableHtml(t: ReportInput['table']): string {
  const head = t.columns.map((c) => `<th scope="col">${escapeHtml(c)}</th>`).join('');
  const rows = t.rows
    .map((row) => {
      const cells = row
        .map((v) => (typeof v === 'number' ? `<td class="num">${escapeHtml(String(v))}</td>` : `<td>${escapeHtml(v)}</td>`))
        .join('');
      return `<tr>${cells}</tr>`;
    })
    .join('\n');
  const caption = t.caption ? `<caption>${escapeHtml(t.caption)}</caption>\n` : '';
  return `<div class="table-wrap">
<table>
${caption}<thead><tr>${head}</tr></thead>
<tbody>
${rows}
</tbody>
</table>
</div>`;
}

function sectionHtml(s: ReportSection): string {
  return `<section aria-labelledby="${s.id}">
<h2 id="${s.id}">${escapeHtml(s.title)}</h2>
${paragraphs(s.text)}${s.table ? `\n${tableHtml(s.table)}` : ''}
</section>
`;
}

function chartHtml(c: ReportChart): string {
  const fallback = c.png ? `<img src="${escapeHtml(c.png)}" alt="${escapeHtml(c.title)}" loading="lazy">` : '';
  return `<section aria-labelledby="${c.id}-title">
<h2 id="${c.id}-title">${escapeHtml(c.title)}</h2>
${paragraphs(c.text)}
<div class="chart" id="${c.id}">${fallback}</div>
</section>`;
}

/** The report as one HTML string (see the module comment). */
export function reportHtml(r: ReportInput): string {
  validate(r);
  const libs = loadLibraries();
  const specs = r.charts.map((c) => ({ id: c.id, title: c.title, spec: c.spec }));
  const nav =
    r.charts.length || r.sections?.length
      ? `<nav aria-label="Contents">
<h2 id="contents">Contents</h2>
<ol>
<li><a href="#headline">Headline table</a></li>
${(r.sections ?? []).map((s) => `<li><a href="#${s.id}">${escapeHtml(s.title)}</a></li>\n`).join('')}${r.charts.map((c) => `<li><a href="#${c.id}-title">${escapeHtml(c.title)}</a></li>`).join('\n')}
<li><a href="#files">Data files and manifest</a></li>
</ol>
</nav>`
      : '';
  const links = r.links.length
    ? `<ul>
${r.links.map((l) => `<li><a href="${escapeHtml(l.href)}">${escapeHtml(l.label)}</a></li>`).join('\n')}
</ul>`
    : '<p>No data files.</p>';
  const credits = libs.info.map((l) => `${l.name} ${l.version}`).join(', ');
  const scripts = inlinedLibraryScripts();

  return `${htmlHead({ csp: CSP, generator: 'tipsim', title: r.title, style: STYLE })}
<body>
<header>
<h1>${escapeHtml(r.title)}</h1>
${paragraphs(r.intro, 'intro')}
</header>
${nav}
<main>
<section aria-labelledby="headline">
<h2 id="headline">Headline table</h2>
${tableHtml(r.table)}
</section>
${(r.sections ?? []).map(sectionHtml).join('')}<noscript><p>The interactive charts need JavaScript; where a picture of a chart was saved next to this file, it is shown instead.</p></noscript>
<div id="charts">
${r.charts.map(chartHtml).join('\n')}
</div>
<section aria-labelledby="files">
<h2 id="files">Data files and manifest</h2>
${links}
<details id="manifest">
<summary>Manifest (version, seeds, scenario hashes)</summary>
<pre><code>${escapeHtml(JSON.stringify(r.manifest, null, 2))}</code></pre>
</details>
</section>
</main>
<footer>
<p>A self-contained file: it opens offline and loads nothing from the network. Charts drawn with ${escapeHtml(credits)} (inlined).</p>
</footer>
<script type="application/json" id="report-specs">${scriptSafeJson(specs)}</script>
${scripts}
<script>${EMBED_SCRIPT}</script>
</body>
</html>
`;
}
