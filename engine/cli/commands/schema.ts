/** `tipsim schema`: the JSON Schema of scenario files, generated from the zod schema. */
import { writeFileSync } from 'node:fs';
import type { Command } from '../command.ts';
import { EXIT } from '../command.ts';
import { scenarioJsonSchema } from '../../scenario/schema.ts';
import { jsonText } from '../../core/provenance.ts';

export const schemaCommand: Command = {
  name: 'schema',
  summary: 'Print (or write) the JSON Schema of scenario files, for editors.',
  positionals: [],
  options: {
    out: { type: 'string', valueName: 'FILE', description: 'Write the schema to FILE instead of stdout.' },
  },
  details: `In VS Code with the YAML extension, the first line of a scenario file
  # yaml-language-server: $schema=../docs/scenario.schema.json
gives completion and checks as you type.`,
  async run({ options, io }) {
    const text = jsonText(scenarioJsonSchema());
    if (typeof options.out === 'string') writeFileSync(options.out, text);
    else io.out(text);
    return EXIT.ok;
  },
};
