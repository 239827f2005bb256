/**
 * Where a run came from: tipsim's version, the git commit of the checkout when
 * there is one, the Node version, and a content hash of the resolved scenario.
 */
import { readFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

export const TIPSIM_VERSION: string = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')).version;

export function gitCommit(): string | null {
  try {
    const out = execFileSync('git', ['rev-parse', 'HEAD'], { cwd: ROOT, stdio: ['ignore', 'pipe', 'ignore'], timeout: 5000 });
    return out.toString().trim() || null;
  } catch {
    return null;
  }
}

export const NODE_VERSION = process.version;

/** What every manifest.json opens with: tipsim's version, the git commit (null outside a checkout) and Node's version. */
export function provenance(): { tipsim_version: string; git_commit: string | null; node_version: string } {
  return { tipsim_version: TIPSIM_VERSION, git_commit: gitCommit(), node_version: NODE_VERSION };
}

export const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

/** A stable JSON text of a value (keys in the order given), ending in a newline. */
export const jsonText = (value: unknown) => JSON.stringify(value, null, 2) + '\n';
