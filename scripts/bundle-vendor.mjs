// Run by `npm run build:ts` after tsc: bundles each compiled lib/vendor/*.js (re-exports of
// third-party packages, see src/vendor/) in place into one file, with esbuild, so that a thread
// loads one file instead of hundreds. Our own modules stay as tsc wrote them.
import { readdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { build } from 'esbuild';

const dir = path.join(import.meta.dirname, '..', 'lib', 'vendor');
const entries = readdirSync(dir).filter((f) => f.endsWith('.js')).map((f) => path.join(dir, f));
await build({
  entryPoints: entries,
  outdir: dir,
  allowOverwrite: true,
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  // Some packages are CommonJS and require Node's modules (gray-matter needs fs).
  banner: { js: "import { createRequire as __bpRequire } from 'node:module'; const require = __bpRequire(import.meta.url);" },
  legalComments: 'inline',
  logLevel: 'warning',
});
// tsc's source maps describe the re-export files, not the bundles.
for (const f of entries) rmSync(`${f}.map`, { force: true });
