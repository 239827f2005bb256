/** `tipsim schema`: the JSON Schema of scenario files, generated from the zod schema. */
import type { Command } from '../command.ts';
import { EXIT } from '../command.ts';
import { scenarioJsonSchema } from '../../kernel/scenario/schema.ts';
import { jsonText } from '../../runner/provenance.ts';
import { claimOutputFile, replaceFile } from '../../runner/outdir.ts';

/** What the head of every schema tipsim writes carries: a file without it is not replaced. */
const SCHEMA_MARKER = '"title": "tipsim scenario"';

export const schemaCommand: Command = {
  name: 'schema',
  summary: 'Print (or write) the JSON Schema of scenario files, for editors.',
  positionals: [],
  options: {
    out: {
      type: 'string',
      valueName: 'FILE',
      description: 'Write the schema to FILE instead of stdout: a new file, or a schema tipsim wrote earlier, which is replaced.',
    },
  },
  details: `In VS Code with the YAML extension, the first line of a scenario file
  # yaml-language-server: $schema=../docs/scenario.schema.json
gives completion and checks as you type.`,
  async run({ options, io }) {
    const text = jsonText(scenarioJsonSchema());
    if (typeof options.out !== 'string') {
      io.out(text);
      return EXIT.ok;
    }
    claimOutputFile(options.out, SCHEMA_MARKER);
    replaceFile(options.out, text);
    return EXIT.ok;
  },
};
