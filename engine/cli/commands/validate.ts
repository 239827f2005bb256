/** `tipsim validate <files…>`: checks scenario files and reports every problem. */
import type { Command } from '../command.ts';
import { EXIT } from '../command.ts';
import { loadScenario } from '../../kernel/scenario/loader.ts';
import { InputError, formatProblem, msg } from '../../kernel/messages.ts';

export const validateCommand: Command = {
  name: 'validate',
  summary: 'Check scenario files against the schema; report every problem in each, at once.',
  positionals: [{ name: 'files', description: 'Scenario files (YAML or JSON).', required: true, variadic: true }],
  options: {
    'allow-outside-extends': {
      type: 'boolean',
      description: 'Let scenario files extend files outside their own folder tree and the bundled scenarios/.',
    },
    quiet: { type: 'boolean', short: 'q', description: 'Print problems only.' },
  },
  details: 'Exit code 0 when every file is valid, 2 when any has a problem.',
  async run({ positionals, options, io }) {
    let bad = 0;
    for (const file of positionals) {
      try {
        const { scenario } = loadScenario(file, { allowOutsideExtends: options['allow-outside-extends'] === true });
        if (!options.quiet) io.out(msg.valid(file, scenario.name) + '\n');
      } catch (e) {
        if (!(e instanceof InputError)) throw e;
        bad++;
        io.err(`${msg.problemsHeader(e.count, file)}\n${e.problems.map(formatProblem).join('\n')}\n`);
      }
    }
    return bad ? EXIT.input : EXIT.ok;
  },
};
