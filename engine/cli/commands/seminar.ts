/**
 * `tipsim seminar [--out FILE]`: one self-contained HTML file for seminars, with the
 * engine, the calibrated baseline and the charts inside (engine/apps/seminar/page.ts). It opens
 * from disk in any current browser, with no network.
 */
import { resolve } from 'node:path';
import type { Command } from '../command.ts';
import { EXIT } from '../command.ts';
import { claimOutputFile } from '../../runner/outdir.ts';
import { msg } from '../../kernel/messages.ts';

/** What the head of every seminar page carries (engine/apps/seminar/page.ts): a file without it is not replaced. */
export const SEMINAR_MARKER = '<meta name="generator" content="tipsim';

export const seminarCommand: Command = {
  name: 'seminar',
  summary: 'Write one offline HTML file for seminars: levers, guided path and charts, the engine inside.',
  positionals: [],
  options: {
    out: {
      type: 'string',
      valueName: 'FILE',
      description:
        'The HTML file to write (default: out/seminar.html): a new file, or a seminar page tipsim wrote earlier, which is replaced.',
    },
    scenario: { type: 'string', valueName: 'FILE', description: 'Base scenario (default: scenarios/calibrated.yaml).' },
    'allow-outside-extends': {
      type: 'boolean',
      description: 'Let scenario files extend files outside their own folder tree and the bundled scenarios/.',
    },
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
    const given = (options.out as string | undefined) ?? 'out/seminar.html';
    const out = resolve(given);
    // Checked before the page is built: a new file, or a page tipsim wrote earlier.
    claimOutputFile(given, SEMINAR_MARKER, { inputs: options.scenario ? [options.scenario as string] : [] });
    // Loaded only here: the page's builder pulls in esbuild and the chart libraries.
    const { writeSeminar } = await import('../../apps/seminar/page.ts');
    const t0 = performance.now();
    const { bytes } = await writeSeminar(out, {
      scenario: options.scenario as string | undefined,
      allowOutsideExtends: options['allow-outside-extends'] === true,
    });
    if (!options.quiet) io.err(msg.seminarBuilt(bytes, (performance.now() - t0) / 1000) + '\n');
    io.out(msg.seminarWritten(out) + '\n');
    return EXIT.ok;
  },
};
