/**
 * `tipsim seminar [--out FILE]`: one self-contained HTML file for seminars, with the
 * engine, the calibrated baseline and the charts inside (viz/seminar/page.ts). It opens
 * from disk in any current browser, with no network.
 */
import { dirname, resolve } from 'node:path';
import { existsSync, mkdirSync, statSync } from 'node:fs';
import type { Command } from '../command.ts';
import { EXIT, UsageError } from '../command.ts';
import { msg } from '../../messages.ts';

export const seminarCommand: Command = {
  name: 'seminar',
  summary: 'Write one offline HTML file for seminars: levers, guided path and charts, the engine inside.',
  positionals: [],
  options: {
    out: { type: 'string', valueName: 'FILE', description: 'The HTML file to write (default: out/seminar.html).' },
    scenario: { type: 'string', valueName: 'FILE', description: 'Base scenario (default: scenarios/calibrated.yaml).' },
    quiet: { type: 'boolean', short: 'q', description: 'Print only the path written.' },
  },
  details: `Open the file in a browser (double-click it): no install and no network needed.
The page runs the model at half the population (counts shown doubled), 1995-2010,
in a Web Worker. "Save this run's scenario" gives a file that
  tipsim run FILE --replicates 1
runs to the very same numbers.

Example:
  tipsim seminar --out seminar.html`,
  async run({ options, io }) {
    const out = resolve((options.out as string | undefined) ?? 'out/seminar.html');
    if (existsSync(out) && statSync(out).isDirectory()) throw new UsageError(msg.badOptionValue('out', 'a file, not a folder', String(options.out)));
    mkdirSync(dirname(out), { recursive: true });
    // Loaded only here: the page's builder pulls in esbuild and the chart libraries.
    const { writeSeminar } = await import('../../../viz/seminar/page.ts');
    const t0 = performance.now();
    const { bytes } = await writeSeminar(out, { scenario: options.scenario as string | undefined });
    if (!options.quiet) io.err(msg.seminarBuilt(bytes, (performance.now() - t0) / 1000) + '\n');
    io.out(msg.seminarWritten(out) + '\n');
    return EXIT.ok;
  },
};
