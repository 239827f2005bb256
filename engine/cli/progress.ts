/**
 * Progress for long work: a bar redrawn in place when stderr is a terminal; plain
 * lines (at most about ten) otherwise; nothing with --quiet.
 */
import type { IO } from './command.ts';

export interface Progress {
  update(done: number): void;
  done(): void;
}

export function makeProgress(io: IO, label: string, total: number, quiet: boolean): Progress {
  const started = io.now().getTime();
  if (quiet || total <= 0) return { update() {}, done() {} };
  const elapsed = () => ((io.now().getTime() - started) / 1000).toFixed(1);
  if (io.errIsTTY) {
    const width = Math.max(10, Math.min(40, io.errColumns - 40));
    const draw = (done: number) => {
      const filled = Math.round((done / total) * width);
      io.err(`\r${label} [${'#'.repeat(filled)}${'-'.repeat(width - filled)}] ${done}/${total} ${elapsed()} s`);
    };
    draw(0);
    return { update: draw, done: () => io.err('\n') };
  }
  const step = Math.max(1, Math.ceil(total / 10));
  return {
    update(done) {
      if (done % step === 0 || done === total) io.err(`${label}: ${done}/${total} done (${elapsed()} s)\n`);
    },
    done() {},
  };
}
