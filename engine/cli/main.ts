/**
 * The tipsim command line. The only module that touches `process`: it builds the
 * IO object, dispatches to a command, and turns errors into exit codes:
 * 0 success, 1 internal error (a bug), 2 bad input (a scenario, posterior or
 * checkpoint file, an output path, or the command line), 3 the environment (disk
 * full, read-only, no permission, a worker that crashed or ran out of memory),
 * 130 interrupted.
 */
import type { Command, IO } from './command.ts';
import { EXIT, UsageError, commandHelp, parseCommandArgs } from './command.ts';
import { EnvironmentError, InputError, RunError, fsProblem, msg } from '../kernel/messages.ts';
import { suggest } from '../kernel/scenario/errors.ts';
import { TIPSIM_VERSION } from '../runner/provenance.ts';

/**
 * The commands, each loaded only when used (a command's module loads what it
 * needs: the schema, the model, the charts), so that `--version` starts at once.
 */
const COMMANDS: Record<string, () => Promise<Command>> = {
  run: async () => (await import('./commands/run.ts')).runCommand,
  validate: async () => (await import('./commands/validate.ts')).validateCommand,
  schema: async () => (await import('./commands/schema.ts')).schemaCommand,
  calibrate: async () => (await import('./commands/calibrate.ts')).calibrateCommand,
  compare: async () => (await import('./commands/compare.ts')).compareCommand,
  seminar: async () => (await import('./commands/seminar.ts')).seminarCommand,
};

export async function mainHelp(): Promise<string> {
  const commands = await Promise.all(Object.values(COMMANDS).map((load) => load()));
  return [
    'tipsim: agent-based simulation of trafficking in persons in South Eastern Europe',
    '',
    'Usage: tipsim <command> [options]',
    '',
    'Commands:',
    ...commands.map((c) => `  ${c.name.padEnd(10)} ${c.summary}`),
    '',
    'Options:',
    '  -h, --help     Show help (also "tipsim <command> --help").',
    '  -v, --version  Show the version.',
    '',
    'Exit codes: 0 success, 1 internal error (a bug), 2 bad input (a scenario, posterior or',
    'checkpoint file, an output path, the command line), 3 the environment (disk full,',
    'read-only, no permission, a worker that crashed), 130 interrupted.',
  ].join('\n');
}

/** Runs the CLI with the given arguments and IO; returns the exit code. */
export async function cli(argv: string[], io: IO): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    io.out((await mainHelp()) + '\n');
    return name === undefined ? EXIT.input : EXIT.ok;
  }
  if (name === '--version' || name === '-v') {
    io.out(`tipsim ${TIPSIM_VERSION}\n`);
    return EXIT.ok;
  }
  if (!Object.hasOwn(COMMANDS, name)) {
    io.err(msg.unknownCommand(name, suggest(name, Object.keys(COMMANDS))) + '\n');
    return EXIT.input;
  }
  try {
    const cmd = await COMMANDS[name]();
    const parsed = parseCommandArgs(cmd, rest);
    if (parsed.help) {
      io.out(commandHelp(cmd) + '\n');
      return EXIT.ok;
    }
    return await cmd.run({ positionals: parsed.positionals, options: parsed.options, io });
  } catch (e) {
    if (e instanceof UsageError) {
      io.err(`tipsim: ${e.message}\n`);
      return EXIT.input;
    }
    if (e instanceof InputError) {
      io.err(`${msg.problemsHeader(e.count)}\n${e.message}\n`);
      return EXIT.input;
    }
    if (e instanceof RunError || e instanceof EnvironmentError) {
      io.err(`tipsim: ${e.message}\n`);
      return EXIT.environment;
    }
    // A file-system error no command caught: the disk's or the path's, not a bug.
    const errno = e as NodeJS.ErrnoException;
    const known = typeof errno?.code === 'string' ? fsProblem(errno.code, errno.path ?? 'a file') : undefined;
    if (known) {
      io.err(`tipsim: ${known.text}\n`);
      return known.environment ? EXIT.environment : EXIT.input;
    }
    io.err(msg.internalError((e as Error)?.stack ?? String(e)) + '\n');
    return EXIT.internal;
  }
}

/** Entry point: wires process streams and exit code. */
export async function main(): Promise<void> {
  const io: IO = {
    out: (t) => void process.stdout.write(t),
    err: (t) => void process.stderr.write(t),
    errIsTTY: process.stderr.isTTY === true,
    errColumns: process.stderr.columns ?? 80,
    now: () => new Date(),
  };
  process.on('SIGINT', () => {
    io.err(`\n${msg.interrupted(process.argv[2])}\n`);
    process.exit(EXIT.interrupted);
  });
  process.exitCode = await cli(process.argv.slice(2), io);
}
