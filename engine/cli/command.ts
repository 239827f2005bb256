/**
 * Commands are data: a name, a summary, positional arguments, options and a run
 * function that receives parsed values and an IO object. Only main.ts touches
 * `process`; commands write through `io` and return an exit code.
 */
import { msg } from '../kernel/messages.ts';
import { suggest } from '../kernel/scenario/errors.ts';

export interface IO {
  out: (text: string) => void;
  err: (text: string) => void;
  /** Is stderr a terminal (progress bars) ? */
  errIsTTY: boolean;
  errColumns: number;
  now: () => Date;
}

export type OptionSpec =
  | { type: 'boolean'; short?: string; description: string }
  | { type: 'int'; short?: string; description: string; min?: number; valueName: string }
  | { type: 'string'; short?: string; description: string; valueName: string };

export interface PositionalSpec {
  name: string;
  description: string;
  required: boolean;
  variadic?: boolean;
}

export type OptionValues = Record<string, string | number | boolean | undefined>;

export interface Command {
  name: string;
  summary: string;
  positionals: PositionalSpec[];
  options: Record<string, OptionSpec>;
  /** Extra help text (examples, exit codes). */
  details?: string;
  run: (args: { positionals: string[]; options: OptionValues; io: IO }) => Promise<number>;
}

export const EXIT = {
  ok: 0,
  internal: 1,
  input: 2,
  /** The environment: disk full, read-only, no permission, a worker that crashed. */
  environment: 3,
  interrupted: 130,
} as const;

export class UsageError extends Error {}

/** Parses argv for one command; throws UsageError with a one-line message. */
export function parseCommandArgs(cmd: Command, argv: string[]): { positionals: string[]; options: OptionValues; help: boolean } {
  const options: OptionValues = {};
  const positionals: string[] = [];
  const byShort = new Map(
    Object.entries(cmd.options)
      .filter(([, o]) => o.short)
      .map(([n, o]) => [o.short!, n]),
  );
  let help = false;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--') {
      positionals.push(...argv.slice(i + 1));
      break;
    }
    if (a === '--help' || a === '-h') {
      help = true;
      continue;
    }
    if (a.startsWith('-') && a.length > 1) {
      let name: string | undefined;
      let inline: string | undefined;
      if (a.startsWith('--')) {
        const eq = a.indexOf('=');
        name = eq === -1 ? a.slice(2) : a.slice(2, eq);
        inline = eq === -1 ? undefined : a.slice(eq + 1);
      } else name = byShort.get(a.slice(1));
      const spec = name !== undefined ? cmd.options[name] : undefined;
      if (!spec || name === undefined) {
        const s = a.startsWith('--') ? suggest(a.slice(2).split('=')[0], Object.keys(cmd.options)) : undefined;
        throw new UsageError(msg.unknownOption(a, cmd.name, s));
      }
      if (spec.type === 'boolean') {
        options[name] = true;
        continue;
      }
      const raw = inline ?? argv[++i];
      if (raw === undefined) throw new UsageError(msg.badOptionValue(name, spec.type === 'int' ? 'a whole number' : spec.valueName, ''));
      if (spec.type === 'int') {
        const n = Number(raw);
        if (!/^-?\d+$/.test(raw) || !Number.isSafeInteger(n) || (spec.min !== undefined && n < spec.min))
          throw new UsageError(msg.badOptionValue(name, `a whole number${spec.min !== undefined ? ` ≥ ${spec.min}` : ''}`, raw));
        options[name] = n;
      } else options[name] = raw;
      continue;
    }
    positionals.push(a);
  }
  if (help) return { positionals, options, help };
  const required = cmd.positionals.filter((p) => p.required);
  if (positionals.length < required.length) throw new UsageError(msg.missingArgument(required[positionals.length].name, cmd.name));
  if (!cmd.positionals.some((p) => p.variadic) && positionals.length > cmd.positionals.length)
    throw new UsageError(msg.tooManyArguments(cmd.name));
  return { positionals, options, help };
}

export function commandHelp(cmd: Command): string {
  const pos = cmd.positionals
    .map((p) => (p.required ? `<${p.name}${p.variadic ? '…' : ''}>` : `[${p.name}${p.variadic ? '…' : ''}]`))
    .join(' ');
  const lines = [
    `Usage: tipsim ${cmd.name}${pos ? ' ' + pos : ''}${Object.keys(cmd.options).length ? ' [options]' : ''}`,
    '',
    cmd.summary,
    '',
  ];
  if (cmd.positionals.length) {
    lines.push('Arguments:');
    for (const p of cmd.positionals) lines.push(`  ${p.name.padEnd(22)} ${p.description}`);
    lines.push('');
  }
  lines.push('Options:');
  for (const [name, o] of Object.entries(cmd.options)) {
    const flag = `${o.short ? `-${o.short}, ` : ''}--${name}${o.type === 'boolean' ? '' : ` ${o.valueName}`}`;
    lines.push(`  ${flag.padEnd(22)} ${o.description}`);
  }
  lines.push(`  ${'-h, --help'.padEnd(22)} Show this help.`);
  if (cmd.details) lines.push('', cmd.details.trimEnd());
  return lines.join('\n');
}
