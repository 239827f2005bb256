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
import { runCommand } from './commands/run.ts';
import { validateCommand } from './commands/validate.ts';
import { schemaCommand } from './commands/schema.ts';
import { calibrateCommand } from './commands/calibrate.ts';
import { compareCommand } from './commands/compare.ts';
import { seminarCommand } from './commands/seminar.ts';
import { EnvironmentError, InputError, RunError, fsProblem, msg } from '../messages.ts';
import { suggest } from '../scenario/errors.ts';
import { TIPSIM_VERSION } from '../core/provenance.ts';

export const COMMANDS: Command[] = [runCommand, validateCommand, schemaCommand, calibrateCommand, compareCommand, seminarCommand];

export function mainHelp(): string {
  return [
    'tipsim: agent-based simulation of trafficking in persons in South Eastern Europe',
    '',
    'Usage: tipsim <command> [options]',
    '',
    'Commands:',
    ...COMMANDS.map((c) => `  ${c.name.padEnd(10)} ${c.summary}`),
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
    io.out(mainHelp() + '\n');
    return name === undefined ? EXIT.input : EXIT.ok;
  }
  if (name === '--version' || name === '-v') {
    io.out(`tipsim ${TIPSIM_VERSION}\n`);
    return EXIT.ok;
  }
  const cmd = COMMANDS.find((c) => c.name === name);
  if (!cmd) {
    io.err(msg.unknownCommand(name, suggest(name, COMMANDS.map((c) => c.name))) + '\n');
    return EXIT.input;
  }
  try {
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
