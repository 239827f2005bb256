/**
 * `npm run docs:levers`: writes docs/LEVERS.md, the levers' evidence
 * (engine/docs/levers-doc.ts, from data/levers.json) and the choice it leads to
 * (choice.ts, from the full comparisons' outputs in docs/results/).
 */
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { leversMarkdown } from './levers-doc.ts';
import { choiceMarkdown } from './choice.ts';

const RESULTS = fileURLToPath(new URL('../../docs/results/', import.meta.url));

/** The whole of docs/LEVERS.md. */
export function leversDocument(results = RESULTS): string {
  const choice = choiceMarkdown(results);
  return leversMarkdown() + (choice.length ? '\n' + choice.join('\n') : '');
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const args = process.argv.slice(2);
  const i = args.indexOf('--out');
  const text = leversDocument();
  if (i >= 0 && args[i + 1]) writeFileSync(args[i + 1], text);
  else process.stdout.write(text);
}
