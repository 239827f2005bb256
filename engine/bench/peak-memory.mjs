// Runs `tipsim run scenarios/baseline.yaml --out <dir> --quiet` in this process, as
// the command line does, and prints the exit code and the process's peak resident
// memory (worker threads included) as JSON. Used by bench.ts.
import { register } from 'tsx/esm/api';

register();
const { cli } = await import('../cli/main.ts');
const io = { out() {}, err: (t) => process.stderr.write(t), errIsTTY: false, errColumns: 80, now: () => new Date() };
const code = await cli(['run', 'scenarios/baseline.yaml', '--out', process.argv[2], '--quiet'], io);
process.stdout.write(JSON.stringify({ code, maxRSS: process.resourceUsage().maxRSS }));
