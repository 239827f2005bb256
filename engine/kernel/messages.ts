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
  /** How many problems this line stands for: 1 by default, N for "and N more", 0 for advice. */
  count?: number;
}

/** A user mistake in input: reported without a stack trace, exit code 2. */
export class InputError extends Error {
  constructor(readonly problems: Problem[]) {
    super(problems.map(formatProblem).join('\n'));
    this.name = 'InputError';
  }
  /** How many problems there are, those not listed included. */
  get count(): number {
    return this.problems.reduce((n, p) => n + (p.count ?? 1), 0);
  }
}

/** A failure while running (a worker crash): exit code 3. */
export class RunError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'RunError';
  }
}

/** A problem of the machine, not of the input (disk full, read-only, no permission): exit code 3. */
export class EnvironmentError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'EnvironmentError';
  }
}

/** Errors of the file system, by code: what they mean for a path, and whose they are. */
const FS_CODES: Record<string, { environment: boolean; text: (path: string) => string }> = {
  ENOSPC: { environment: true, text: (p) => `cannot write ${p}: the disk is full; free some space or write elsewhere` },
  EDQUOT: { environment: true, text: (p) => `cannot write ${p}: the disk quota is used up; free some space or write elsewhere` },
  EROFS: { environment: true, text: (p) => `cannot write ${p}: the file system is read-only; write elsewhere` },
  EACCES: { environment: true, text: (p) => `cannot use ${p}: permission denied; write elsewhere or change its permissions` },
  EPERM: { environment: true, text: (p) => `cannot use ${p}: operation not permitted; write elsewhere or change its permissions` },
  EIO: { environment: true, text: (p) => `cannot use ${p}: input/output error of the disk` },
  EMFILE: { environment: true, text: (p) => `cannot open ${p}: too many open files; raise the limit (ulimit -n)` },
  ENFILE: { environment: true, text: (p) => `cannot open ${p}: too many open files on the system` },
  EBUSY: { environment: true, text: (p) => `cannot replace ${p}: it is in use or a mount point; write into a folder inside it` },
  ENAMETOOLONG: {
    environment: false,
    text: (p) =>
      `the name ${p.length > 80 ? `${p.slice(0, 60)}… (${p.length} characters)` : p} is too long for the file system; choose a shorter one`,
  },
  ENOTDIR: { environment: false, text: (p) => `cannot use ${p}: a part of the path is a file, not a folder` },
  EEXIST: { environment: false, text: (p) => `cannot create ${p}: a file of that name is in the way` },
  EISDIR: { environment: false, text: (p) => `cannot write ${p}: it is a folder, not a file` },
  EXDEV: { environment: true, text: (p) => `cannot move outputs into ${p}: it is on another file system than the folder beside it` },
  ELOOP: { environment: false, text: (p) => `cannot use ${p}: too many symbolic links` },
};

/** A file-system error code as a message about `path`, or undefined for codes tipsim does not expect. */
export function fsProblem(code: string, path: string): { environment: boolean; text: string } | undefined {
  const c = FS_CODES[code];
  return c && { environment: c.environment, text: `${c.text(path)} (${code})` };
}

export function formatProblem(p: Problem): string {
  const where = p.line !== undefined ? `${p.file}:${p.line}` : p.file;
  const field = p.path ? ` ${p.path}:` : '';
  let text: string;
  if (p.message) text = p.message;
  else text = `expected ${p.expected ?? '?'}, found ${p.found ?? '?'}`;
  return `${where}:${field} ${text}${p.hint ? ` (${p.hint})` : ''}`;
}

/** A saved calibration that is not a file: `what` it is instead. */
const checkpointNotFile = (path: string, what: string): Problem => ({
  file: path,
  path: '',
  message: `the saved calibration is ${what}, not a file; remove or rename it (tipsim keeps its saved calibration at this path)`,
});

/** A saved calibration that cannot be read as JSON, and why. */
const checkpointNotJson = (path: string, why: string): Problem => ({
  file: path,
  path: '',
  message: `the saved calibration is damaged (${why}); delete it, or run without --resume to start again (which overwrites it)`,
});

const pct = (x: number) => (Number.isFinite(x) ? `${Math.round(x * 100)}%` : 'NA');

export const msg = {
  seminarWritten: (file: string) => `seminar page written to ${file}`,
  seminarBuilt: (bytes: number, seconds: number) => `seminar: ${(bytes / 1e6).toFixed(1)} MB built in ${seconds.toFixed(1)} s`,
  fileNotFound: (file: string): Problem => ({ file, path: '', message: 'file not found' }),
  fileUnreadable: (file: string, why: string): Problem => ({ file, path: '', message: `cannot read file: ${why}` }),
  parseError: (file: string, line: number | undefined, why: string): Problem => ({
    file,
    line,
    path: '',
    message: `cannot parse: ${why}`,
  }),
  notAMapping: (file: string): Problem => ({ file, path: '', expected: 'a mapping of scenario fields', found: 'something else' }),
  extendsCycle: (file: string, chain: string[]): Problem => ({
    file,
    path: 'extends',
    message: `extends cycle: ${chain.join(' → ')}`,
  }),
  extendsNotString: (file: string, line: number | undefined, found: string): Problem => ({
    file,
    line,
    path: 'extends',
    expected: 'a file path',
    found,
  }),
  unknownKey: (key: string, suggestion: string | undefined) => (suggestion ? `did you mean "${suggestion}"?` : undefined),
  problemsHeader: (n: number, file?: string) => `${file ? `${file}: ` : ''}${n} problem${n === 1 ? '' : 's'} found:`,
  valid: (file: string, name: string) => `${file}: valid (scenario "${name}")`,

  // CLI
  unknownCommand: (name: string, suggestion?: string) =>
    `tipsim: unknown command "${name}"${suggestion ? ` (did you mean "${suggestion}"?)` : ''}; run "tipsim --help" for the list.`,
  unknownOption: (option: string, command: string, suggestion?: string) =>
    `unknown option ${option} for "tipsim ${command}". Run "tipsim ${command} --help".${suggestion ? ` Did you mean --${suggestion}?` : ''}`,
  badOptionValue: (option: string, expected: string, found: string) => `option --${option}: expected ${expected}, found "${found}"`,
  optionsExclusive: (option: string, others: string[]) =>
    `option --${option} cannot be used with ${others.map((o) => `--${o}`).join(', ')}; drop ${others.length === 1 ? 'it' : 'them'}`,
  missingArgument: (name: string, command: string) => `missing <${name}>. Usage: see "tipsim ${command} --help".`,
  tooManyArguments: (command: string) => `too many arguments for "tipsim ${command}".`,
  workerCrashed: (replicate: number, why: string) => `replicate ${replicate} failed in its worker: ${why}`,
  workerFailedToStart: (why: string) => `a worker thread failed before running any replicate: ${why}`,
  outputsAt: (dir: string) => `outputs written to ${dir}`,
  interrupted: (command: string | undefined) =>
    command === 'calibrate'
      ? 'interrupted; no output was written (finished stages are saved: continue with "tipsim calibrate --resume")'
      : 'interrupted; no output was written',

  // Output folders
  outRefused: (option: string, why: string) => `${option}: ${why}; nothing was written or deleted`,
  outIsRoot: () => 'refusing to write outputs into the root folder',
  outIsWorkingFolder: () => 'refusing to write outputs into the working folder itself; name a folder inside it (e.g. out/run)',
  outHoldsWorkingFolder: () => 'refusing to write outputs into a folder that holds the working folder',
  outHoldsInput: (input: string) => `refusing to write outputs into a folder that holds an input (${input})`,
  outUnderFile: (file: string) => `cannot make a folder there: ${file} is a file, not a folder`,
  outNameTooLong: (bytes: number, max: number) => `the name is ${bytes} bytes long; name one of at most ${max}`,
  outIsLink: () => 'is a symbolic link; name the folder itself',
  outIsFile: () => 'is a file, not an output folder',
  outNotTipsim: (files: string) => `the folder holds files tipsim did not write (${files})`,
  outForeignFiles: (files: string) => `the folder holds an earlier tipsim output and files that are not part of it (${files})`,
  outDamagedForeign: (files: string) =>
    `the folder’s manifest.json is not tipsim’s or is damaged, and it holds files tipsim does not write (${files})`,
  outDamagedManifest: () => 'the folder looks like an earlier tipsim output but its manifest.json is damaged',
  outChooseAnother: () => 'choose a new or empty folder',
  outChooseAnotherFile: () => 'choose a new file name',
  outUseForce: () => 'add --force to replace it anyway; only files with the names of tipsim’s outputs are removed',
  outMoveThem: () => 'move them elsewhere first, or choose a new or empty folder',
  outIsInput: () => 'is an input of this command',
  outFileIsFolder: () => 'is a folder; name a file (e.g. out/seminar.html)',
  outFileNotRegular: () => 'is not a regular file',
  outFileNotTipsim: () => 'the file exists and tipsim did not write it',
  outKeptPrevious: (kept: string) => `files added to the output folder while tipsim ran were kept in ${kept}`,
  environmentProblem: (why: string) => `tipsim: ${why}`,

  // Compare
  duplicateScenario: (name: string) => `two scenarios are named "${name}"; give each a distinct name`,
  precisionRound: (replicates: number, worst: number) =>
    `${replicates} replicates: widest headline interval ±${(worst * 100).toFixed(1)}% of the baseline mean`,
  precisionUnmet: (which: string[]) => `precision not reached at the replicate cap for: ${which.join('; ')}`,
  compareHeader: (scenarios: number, replicates: number, window: string) =>
    `${scenarios} scenarios, ${replicates} replicates each (common random numbers), ${window}: mean (difference from the baseline [90% interval])`,
  reportAt: (path: string) => `report: ${path}`,
  uncertaintyNeedsPosterior: (baseline: string) =>
    `option --uncertainty: the baseline ${baseline} was not calibrated (it has no calibration record); give the posterior to draw from with --posterior FILE`,
  uncertaintyHeader: (scenarios: number, draws: number, window: string, settled: number) =>
    `${scenarios} scenarios under uncertainty, ${draws} draws of 4 runs each (posterior, lever ranges and chance; common random numbers), ${window}` +
    (draws < settled
      ? `\nwith ${draws} draws the probabilities and shares below are a first look; ${settled} draws or more settle them (--draws ${settled})`
      : ''),
  uncertaintyShares: (scenario: string, measure: string, ...shares: [number, number, number][]) => {
    const [p, l, i, n] = shares.map(([x, lo, hi]) => `${pct(x)} [${pct(lo)}, ${pct(hi)}]`);
    return `${scenario}, ${measure}: share of the variance from the calibration ${p}, the lever evidence ${l}, their interaction ${i}, chance ${n}`;
  },
  decisionEvppi: (top: string) => `of which, knowing one input alone (expected value of partial perfect information): ${top}`,
  flipsTooFewDraws: (draws: number, needed: number) =>
    `where the ranking flips: not searched with ${draws} draws (it needs ${needed} or more: --draws ${needed})`,
  noFlips: () => 'where the ranking flips: the leading scenario is the most cost-effective in every draw',
  sensitivityHeader: (leader: string, runnerUp: string, n: number, runs: number) =>
    `what decides between ${leader} and ${runnerUp} (Sobol' indices of the difference in victims averted per million EUR, ${n} base rows, ${runs} runs of each; the inputs that matter most):`,
  badSobol: (found: string) => `option --sobol: expected a power of two from 4 up (e.g. 64), found "${found}"`,
  budgetMissed: (name: string, budget: number, spent: number) =>
    `${name}: spent ${spent.toPrecision(3)} million EUR, not its ${budget}: its spending does not follow its level (a level the lever caps, such as a share reached or a probability, or fewer people left to reach); the curves use what it spent`,
  budgetPilots: () => 'setting the scenarios to their budgets: one pilot run of each at its own levels',
  badBudgets: (found: string) =>
    `option --budgets: expected amounts in million EUR over the window, separated by commas (e.g. 25,50,100), found "${found}"`,
  decisionHeader: (measure: string, draws: number) => `which is most cost-effective (${measure}, ${draws} draws):`,
  decisionEvpi: (evpi: string) =>
    `expected value of perfect information: ${evpi} victims averted per million EUR (what knowing the uncertain inputs before choosing would add)`,

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
    `internal error: ${why}\nThis is a bug in tipsim; please report it to the tipsim developers (the project's issue tracker) with the command you ran, the scenario, and this message.`,

  // Posterior, checkpoint and outputs
  inputIsFolder: (file: string): Problem => ({ file, path: '', expected: 'a file', found: 'a folder' }),
  inputNotRegular: (file: string): Problem => ({ file, path: '', expected: 'a regular file', found: 'a device, pipe or socket' }),
  inputTooLarge: (file: string, bytes: number, limit: number): Problem => ({
    file,
    path: '',
    expected: `a file of at most ${limit / 2 ** 20} MiB`,
    found: `${(bytes / 2 ** 20).toFixed(1)} MiB`,
  }),
  moreProblems: (file: string, n: number): Problem => ({
    file,
    path: '',
    count: n,
    message: `and ${n.toLocaleString('en-GB')} more problem${n === 1 ? '' : 's'} in this file, not listed`,
  }),
  posteriorNeedsPriors: (priorsPath: string): Problem => ({
    file: priorsPath,
    path: '',
    message: 'file not found (a posterior needs the priors.yaml it was calibrated with beside it)',
  }),
  posteriorEmpty: (file: string): Problem => ({
    file,
    path: '',
    expected: 'a header particle,weight,distance,<parameters> and one line per particle',
    found: 'an empty file',
  }),
  posteriorHeader: (file: string, found: string): Problem => ({
    file,
    line: 1,
    path: '',
    expected: 'a header starting particle,weight,distance',
    found,
  }),
  posteriorNoParameters: (file: string): Problem => ({
    file,
    line: 1,
    path: '',
    expected: 'at least one parameter column after particle,weight,distance',
    found: 'none',
  }),
  posteriorUnknownColumn: (file: string, column: string, priorsPath: string, hint?: string): Problem => ({
    file,
    line: 1,
    path: column,
    expected: `a parameter of ${priorsPath}`,
    found: column || 'an empty column name',
    hint,
  }),
  posteriorDuplicateColumn: (file: string, column: string, positions: number[]): Problem => ({
    file,
    line: 1,
    path: column,
    expected: 'each column once',
    found: `${column} in columns ${positions.join(' and ')}`,
  }),
  posteriorNoRows: (file: string): Problem => ({ file, path: '', expected: 'at least one particle after the header', found: 'none' }),
  posteriorCells: (file: string, line: number, expected: number, found: number): Problem => ({
    file,
    line,
    path: '',
    expected: `${expected} cells, as in the header`,
    found: `${found}`,
  }),
  posteriorNotNumber: (file: string, line: number, column: string, found: string): Problem => ({
    file,
    line,
    path: column,
    expected: 'a number',
    found,
  }),
  posteriorParticle: (file: string, line: number, found: string): Problem => ({
    file,
    line,
    path: 'particle',
    expected: 'a whole number ≥ 0',
    found,
  }),
  posteriorNotNegative: (file: string, line: number, column: 'weight' | 'distance', found: string): Problem => ({
    file,
    line,
    path: column,
    expected: 'a finite number ≥ 0',
    found,
  }),
  posteriorOutsidePrior: (file: string, line: number, parameter: string, range: readonly [number, number], found: string): Problem => ({
    file,
    line,
    path: parameter,
    expected: `a value in [${range[0]}, ${range[1]}] (the prior of ${parameter})`,
    found,
  }),
  posteriorWeightSum: (file: string, sum: number): Problem => ({
    file,
    path: 'weight',
    expected: 'weights with a finite sum > 0',
    found: `a sum of ${sum}`,
  }),
  checkpointIsFolder: (path: string) => checkpointNotFile(path, 'a folder'),
  checkpointNotRegular: (path: string) => checkpointNotFile(path, 'a device, pipe or socket'),
  checkpointUnreadable: (path: string, why: string): Problem => ({
    file: path,
    path: '',
    message: `cannot read the saved calibration (${why}); delete it, or run without --resume to start again (which overwrites it)`,
  }),
  checkpointEmpty: (path: string) => checkpointNotJson(path, 'it is empty'),
  checkpointCutShort: (path: string, why: string) => checkpointNotJson(path, `not JSON, perhaps cut short: ${why}`),
  posteriorOther: (scenarioFile: string, posterior: string, recorded: string): Problem => ({
    file: scenarioFile,
    path: 'calibration',
    message: `the scenario holds the values of another posterior (${recorded}), not of ${posterior}; applying ${posterior} over it would count both. Run it on the scenario that posterior was calibrated on (for example scenarios/baseline.yaml)`,
  }),
  budgetExpression: (file: string, lever: string): Problem => ({
    file,
    path: `levers.${lever}.level`,
    expected: 'a number or a schedule, to scale to a budget',
    found: 'an expression',
  }),
  budgetNoSpending: (file: string, path: string, window: string, cost: number): Problem => ({
    file,
    path,
    expected: `extra spending over ${window}, to scale to a budget`,
    found: `${Math.round(cost)} EUR in a pilot run`,
  }),
  posteriorPathMissing: (scenarioFile: string, path: string, parameter: string): Problem => ({
    file: scenarioFile,
    path,
    expected: `a value for posterior parameter ${parameter}`,
    found: 'none',
  }),
  posteriorValueMissing: (scenarioFile: string, name: string): Problem => ({
    file: scenarioFile,
    path: `calibration.values.${name}`,
    expected: `the value the scenario holds of the posterior's parameter ${name}`,
    found: 'none',
  }),
  checkpointDamaged: (path: string): Problem => ({
    file: path,
    path: '',
    count: 0,
    message:
      'the saved calibration is damaged and cannot be resumed; delete it, or run without --resume to start again (which overwrites it)',
  }),
  // Calibration checkpoint: what a saved calibration holds, by the sizes of its inputs
  checkpointStatisticCount: (targets: number) => `expected a list of ${targets} statistics (one per target)`,
  checkpointScaleCount: (targets: number) => `expected a list of ${targets} scales (one per target)`,
  checkpointParticleCount: (particles: number, found: number) => `expected ${particles} values (one per particle), found ${found}`,
  checkpointWeightSum: (sum: number) => `expected weights with a finite sum > 0, found a sum of ${sum}`,
  checkpointParameterCount: (parameters: number) => `expected a list of ${parameters} values (one per parameter)`,
  checkpointPilotStatistics: () => 'expected one list of statistics per pilot simulation',
  checkpointPointCount: (points: number) => `expected a list of ${points} distances (one per point)`,
  checkpointTrajectoryCount: (trajectories: number) => `expected a list of ${trajectories} trajectories`,
  checkpointGenerationOrder: (index: number, found: number) => `expected ${index} (generations in order), found ${found}`,
  checkpointCalibratedParameterCount: (path: string, field: string, parameters: number, found: number): Problem => ({
    file: path,
    path: field,
    expected: `${parameters} values (one per calibrated parameter)`,
    found: `${found}`,
  }),

  // Calibration inputs: targets, priors and config
  calibrationFileNotRead: (file: string, why: string): Problem => ({ file, path: '', message: why }),
  targetMetric: () => 'expected a metric the model reports (listed in docs/OUTPUTS.md)',
  targetYear: () => 'expected a year',
  priorRangeOrder: (range: readonly [number, number]) => `expected [low, high] with low < high, found [${range}]`,
  priorLogUniformLow: (low: number) => `expected a positive low end for a log-uniform prior, found ${low}`,
  priorNameTwice: (file: string, name: string): Problem => ({
    file,
    path: 'parameters',
    expected: 'each parameter name once',
    found: `${name} twice`,
  }),
  configMonth: () => 'expected a month YYYY-MM',
  configEvenLevels: () => 'expected an even number of levels',
  modelNameTwice: (file: string, index: number, name: string): Problem => ({
    file,
    path: `models.${index}.name`,
    expected: 'each model name once',
    found: `${name} twice`,
  }),
  configUnknownParameter: (file: string, path: string, known: string[], found: string): Problem => ({
    file,
    path,
    expected: `a parameter of the priors (${known.join(', ')})`,
    found,
  }),

  // Calibration diagnostics (npm run calibrate:diagnostics)
  diagnosticsWholeNumber: (option: string, min: number, found: string | undefined) =>
    `--${option}: expected a whole number ≥ ${min}, found ${found}`,
  diagnosticsOnly: (found: string) => `--only: expected sbc or model-choice, found ${found}`,
  diagnosticsQuantiles: (found: string) => `--quantiles: expected shares between 0 and 1, found ${found}`,
  diagnosticsBudgetTooSmall: (budget: number, particles: number) =>
    `--budget ${budget} cannot make two ABC generations of ${particles} particles (at least ${2 * particles})`,
  diagnosticsPseudoTooMany: (pseudo: number, reference: number) => `--pseudo ${pseudo}: expected fewer than --reference ${reference}`,
  diagnosticsParameters: (found: string) => `--parameters: expected calibrated or all, found ${found}`,
  diagnosticsResumeMismatch: (path: string) =>
    `the checkpoint ${path} was made from other inputs or settings; run without --resume to start afresh`,

  nonFinite: (file: string, value: string, where: string, largest: string[]): Problem => ({
    file,
    path: '',
    message: `the run produced a non-finite value (${value}) in ${where}: the scenario's values are likely too large for the model${largest.length ? `; its largest are ${largest.join(', ')}` : ''}`,
  }),

  // Scenario limits
  /** User text shortened for a message: the first `max` characters, then "… (N characters)". */
  cut: (text: string, max = 80) => (text.length <= max ? text : `${text.slice(0, max)}… (${text.length} characters)`),
  /** User text in quotes (escaped), shortened as `cut` does. */
  quoted: (text: string, max = 80) =>
    text.length <= max ? JSON.stringify(text) : `${JSON.stringify(text.slice(0, max)).slice(0, -1)}…" (${text.length} characters)`,
  fileTooLarge: (file: string, bytes: number, limit: number): Problem => ({
    file,
    path: '',
    expected: `a scenario file of at most ${limit / 1024} KiB (${limit} bytes)`,
    found: `${bytes} bytes; it was not read`,
  }),
  notARegularFile: (file: string, kind: string): Problem => ({
    file,
    path: '',
    expected: 'a regular file',
    found: `${kind}; it was not read`,
  }),
  nestedTooDeep: (file: string, line: number | undefined, path: string, limit: number): Problem => ({
    file,
    line,
    path,
    expected: `values nested at most ${limit} levels deep`,
    found: 'deeper nesting; the file was not read further',
  }),
  tooManyParseErrors: (file: string, more: number): Problem => ({
    file,
    path: '',
    message: `cannot parse: ${more} more problems of the file's syntax not listed; fix the ones above first`,
  }),
  aliasLimit: (file: string, line: number | undefined, limit: number): Problem => ({
    file,
    line,
    path: '',
    message: `cannot parse: the aliases (*name) expand to more than ${limit} copies of anchored values (&name); write the values out, or use fewer nested aliases`,
  }),
  aliasUnresolved: (file: string, line: number | undefined, path: string, name: string): Problem => ({
    file,
    line,
    path,
    expected: `an anchor &${name} defined before the alias`,
    found: `*${name} with no such anchor before it`,
  }),
  aliasCycle: (file: string, line: number | undefined, path: string, name: string): Problem => ({
    file,
    line,
    path,
    expected: 'an alias to a value defined before it',
    found: `*${name} inside the value it names, which would repeat without end`,
  }),
  reservedKey: (file: string, line: number | undefined, path: string, key: string): Problem => ({
    file,
    line,
    path,
    expected: 'a field name',
    found: `the reserved key ${key}`,
  }),
  duplicateKey: (file: string, line: number | undefined, path: string, key: string, first: number | undefined): Problem => ({
    file,
    line,
    path,
    expected: 'each key once in a mapping',
    found: `${key} again${first !== undefined ? ` (first on line ${first})` : ''}`,
  }),
  extendsNotAPath: (file: string, line: number | undefined, found: string): Problem => ({
    file,
    line,
    path: 'extends',
    expected: 'a file path of at most 1000 characters, without control characters',
    found,
  }),
  extendsOutside: (file: string, line: number | undefined, written: string, root: string, viaLink: boolean): Problem => ({
    file,
    line,
    path: 'extends',
    expected: `a file in ${root} or a folder below it, or a bundled scenario`,
    found: `${written}, ${viaLink ? 'a link to a file' : 'a file'} outside them; it was not read`,
    hint: 'to extend a file elsewhere, add --allow-outside-extends',
  }),
  yearRange: (min: number, max: number) => `expected a date in the years ${min} to ${max}`,
  windowTooLong: (start: string, years: number) => `expected a date at most ${years} years after start (${start})`,
  tooManyEntries: (limit: number, what: string) => `expected at most ${limit} ${what}`,
  expressionTooLong: (length: number, limit: number) =>
    `an expression of ${length} characters is longer than the limit of ${limit}; split it or use a schedule`,
  expressionsTooLong: (file: string, count: number, chars: number, limit: number): Problem => ({
    file,
    path: '',
    expected: `expressions of at most ${limit} characters in all`,
    found: `${count} expressions of ${chars} characters; none was checked (use schedules, or shorter expressions)`,
  }),

  // Lever evidence (data/levers.json, or a user's file of the same form)
  evidenceHighBelowLow: (low: number, high: number) => `expected a high end at least the low end (${low}), found ${high}`,
  evidenceValueOutsideRange: (low: number, high: number, value: number) =>
    `expected a value within its range [${low}, ${high}], found ${value}`,
  evidenceLogUniformLow: (low: number) => `expected a positive low end for a log-uniform range, found ${low}`,
  evidenceNoReason: () => 'expected a reason: why this value and range',
  evidenceNoReference: (source: string) =>
    `expected a full citation for a figure whose source is ${source} (only an assumption may have none)`,
  evidenceName: () => 'expected a name of lower-case letters, digits and _',
  evidencePath: () => 'expected a dotted scenario path, e.g. levers.police.effect',
  leverEffectRange: (max: number, low: number, high: number) =>
    `expected a range within [0, ${max}] (what levers.<lever>.effect accepts), found [${low}, ${high}]`,
  leverEffectUnknown: (levers: readonly string[], lever: string) =>
    `expected the effect of a lever (${levers.join(', ')}), found levers.${lever}`,
  evidenceNameIsUnitCost: (file: string, path: string, name: string): Problem => ({
    file,
    path,
    expected: 'a name that is not a unit cost’s',
    found: name,
  }),
  evidenceNameReused: (file: string, path: string, name: string, firstLever: string): Problem => ({
    file,
    path,
    expected: `a new name, or the same path, mode, value, range and distribution as ${name} under ${firstLever}`,
    found: `${name} with others`,
  }),
} as const;
