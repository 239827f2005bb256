// Is the bundle in dist/ built from the sources as they are now? bin/build.mjs
// records each source's size and modification time in dist/sources.json; any
// difference, a missing file or no bundle at all means no.
import { readFileSync, statSync } from 'node:fs';

/** `root`: the URL of tipsim's folder (ending in '/'). */
export function bundleIsFresh(root) {
  try {
    const sources = JSON.parse(readFileSync(new URL('dist/sources.json', root), 'utf8'));
    for (const [path, [size, mtime]] of Object.entries(sources)) {
      const st = statSync(new URL(path, root));
      if (st.size !== size || st.mtimeMs !== mtime) return false;
    }
    return Object.keys(sources).length > 0;
  } catch {
    return false;
  }
}
