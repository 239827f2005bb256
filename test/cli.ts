/**
 * Runs the command line in-process, as the tests of every area call it: output
 * captured, stderr not a terminal, and a clock that ticks one second per reading
 * (so timings in manifests are stable).
 */
import { cli } from '../engine/cli/main.ts';
import type { IO } from '../engine/cli/command.ts';

export interface Captured {
  code: number;
  out: string;
  err: string;
}

export async function runCli(argv: string[]): Promise<Captured> {
  let out = '';
  let err = '';
  let t = Date.UTC(2020, 0, 1);
  const io: IO = {
    out: (s) => void (out += s),
    err: (s) => void (err += s),
    errIsTTY: false,
    errColumns: 80,
    now: () => new Date((t += 1000) - 1000),
  };
  const code = await cli(argv, io);
  return { code, out, err };
}
