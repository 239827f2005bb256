/**
 * Every message tipsim shows its users, in one place.
 */

/** One problem in an input file. */
export interface Problem {
  file: string;
  line?: number;
  /** Dotted field path, e.g. countries.RO.emigration; '' for the whole file. */
  path: string;
  expected?: string;
  found?: string;
  /** Free text when expected/found do not fit (a parse error, a cycle). */
  message?: string;
  hint?: string;
}

/** A user mistake in input: reported without a stack trace, exit code 2. */
export class InputError extends Error {
  constructor(readonly problems: Problem[]) {
    super(problems.map(formatProblem).join('\n'));
    this.name = 'InputError';
  }
}

/** A failure while running (a worker crash): exit code 3. */
export class RunError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'RunError';
  }
}

export function formatProblem(p: Problem): string {
  const where = p.line !== undefined ? `${p.file}:${p.line}` : p.file;
  const field = p.path ? ` ${p.path}:` : '';
  let text: string;
  if (p.message) text = p.message;
  else text = `expected ${p.expected ?? '?'}, found ${p.found ?? '?'}`;
  return `${where}:${field} ${text}${p.hint ? ` (${p.hint})` : ''}`;
}

export const msg = {
  seminarWritten: (file: string) => `seminar page written to ${file}`,
  seminarBuilt: (bytes: number, seconds: number) => `seminar: ${(bytes / 1e6).toFixed(1)} MB built in ${seconds.toFixed(1)} s`,
  fileNotFound: (file: string): Problem => ({ file, path: '', message: 'file not found' }),
  fileUnreadable: (file: string, why: string): Problem => ({ file, path: '', message: `cannot read file: ${why}` }),
  parseError: (file: string, line: number | undefined, why: string): Problem => ({
    file, line, path: '', message: `cannot parse: ${why}`,
  }),
  notAMapping: (file: string): Problem => ({ file, path: '', expected: 'a mapping of scenario fields', found: 'something else' }),
  extendsCycle: (file: string, chain: string[]): Problem => ({
    file, path: 'extends', message: `extends cycle: ${chain.join(' → ')}`,
  }),
  unknownKey: (key: string, suggestion: string | undefined) =>
    suggestion ? `did you mean "${suggestion}"?` : undefined,
  problemsHeader: (n: number, file?: string) => `${file ? `${file}: ` : ''}${n} problem${n === 1 ? '' : 's'} found:`,
  valid: (file: string, name: string) => `${file}: valid (scenario "${name}")`,

  // CLI
  unknownCommand: (name: string, suggestion?: string) =>
    `tipsim: unknown command "${name}"${suggestion ? ` (did you mean "${suggestion}"?)` : ''}; run "tipsim --help" for the list.`,
  unknownOption: (option: string, command: string) => `unknown option ${option} for "tipsim ${command}". Run "tipsim ${command} --help".`,
  badOptionValue: (option: string, expected: string, found: string) => `option --${option}: expected ${expected}, found "${found}"`,
  missingArgument: (name: string, command: string) => `missing <${name}>. Usage: see "tipsim ${command} --help".`,
  tooManyArguments: (command: string) => `too many arguments for "tipsim ${command}".`,
  workerCrashed: (replicate: number, why: string) => `replicate ${replicate} failed in its worker: ${why}`,
  workerFailedToStart: (why: string) => `a worker thread failed before running any replicate: ${why}`,
  outputsAt: (dir: string) => `outputs written to ${dir}`,
  interrupted: (command: string | undefined) =>
    command === 'calibrate'
      ? 'interrupted; no output was written (finished stages are saved: continue with "tipsim calibrate --resume")'
      : 'interrupted; no output was written',

  // Compare
  duplicateScenario: (name: string) => `two scenarios are named "${name}"; give each a distinct name`,
  precisionRound: (replicates: number, worst: number) =>
    `${replicates} replicates: widest headline interval ±${(worst * 100).toFixed(1)}% of the baseline mean`,
  precisionUnmet: (which: string[]) =>
    `precision not reached at the replicate cap for: ${which.join('; ')}`,
  compareHeader: (scenarios: number, replicates: number, window: string) =>
    `${scenarios} scenarios, ${replicates} replicates each (common random numbers), ${window}: mean (difference from the baseline [90% interval])`,
  reportAt: (path: string) => `report: ${path}`,

  // Calibration
  abcGeneration: (model: string, g: number, tolerance: string, acceptance: number, simulations: number, particles: number) =>
    `${model}: generation ${g}, tolerance ${tolerance}, acceptance ${(acceptance * 100).toFixed(1)}% (${particles} particles from ${simulations} simulations)`,
  nothingToResume: (path: string) => `no saved calibration at ${path}; starting from the beginning`,
  resumeMismatch: (path: string) =>
    `cannot resume: the saved calibration ${path} was made from other inputs (config, targets, priors, scenarios or budget); run without --resume to start again`,
  published: (path: string) => `published ${path}`,
  calibrationDone: (simulations: number, seconds: number) =>
    `calibration: ${simulations.toLocaleString('en-GB')} simulations in ${(seconds / 60).toFixed(1)} minutes`,
  internalError: (why: string) =>
    `internal error: ${why}\nThis is a bug in tipsim; please report it with the command you ran.`,
} as const;
