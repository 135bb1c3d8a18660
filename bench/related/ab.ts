// `npm run bench:related:ab -- REV [--size 10000] [--runs 8]`: the related stage of git revision
// REV against the working tree, on one synthetic paper, in one process, runs alternating. This
// VM's speed drifts by up to ~50% within minutes, so two benchmark runs taken apart compare
// badly; alternating runs of the same work in the same minutes do not. Also counts the blocks the
// two give differently. Prints only; writes nothing to docs/.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { RelatedDoc } from '../../src/related/index.js';
import { syntheticDocs } from './docs.js';

const root = path.resolve(import.meta.dirname, '../..');
const args = process.argv.slice(2);
const flag = (name: string, fallback: number) => (args.includes(name) ? Number(args[args.indexOf(name) + 1]) : fallback);
const rev = args.find((a, i) => !a.startsWith('--') && !args[i - 1]?.startsWith('--'));
if (!rev) {
  process.stderr.write('usage: npm run bench:related:ab -- REV [--size 10000] [--runs 8]\n');
  process.exit(2);
}
const size = flag('--size', 10_000);
const runs = flag('--runs', 8);

/** Compiles the working tree, and REV in a temporary worktree, each to its own folder. */
function compile(): { base: string; current: string; cleanup: () => void } {
  const dir = mkdtempSync(path.join(tmpdir(), 'bp-ab-'));
  const tree = path.join(dir, 'tree');
  const tsc = path.join(root, 'node_modules', '.bin', 'tsc');
  execFileSync('git', ['worktree', 'add', '--detach', '--quiet', tree, rev!], { cwd: root, stdio: 'inherit' });
  symlinkSync(path.join(root, 'node_modules'), path.join(tree, 'node_modules'));
  execFileSync(tsc, ['-p', 'tsconfig.json', '--outDir', path.join(dir, 'base')], { cwd: tree, stdio: 'inherit' });
  execFileSync(tsc, ['-p', 'tsconfig.json', '--outDir', path.join(dir, 'current')], { cwd: root, stdio: 'inherit' });
  return {
    base: path.join(dir, 'base'),
    current: path.join(dir, 'current'),
    cleanup: () => {
      execFileSync('git', ['worktree', 'remove', '--force', tree], { cwd: root });
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

interface Engine {
  readonly name: string;
  readonly create: (docs: readonly RelatedDoc[], options: object) => { order?: readonly string[]; related(id: string): string[] };
  readonly options: object;
  readonly times: number[];
}

async function engine(name: string, lib: string): Promise<Engine> {
  const related = (await import(pathToFileURL(path.join(lib, 'related', 'index.js')).href)) as { createRelatedIndex: Engine['create'] };
  const config = (await import(pathToFileURL(path.join(lib, 'config.js')).href)) as { RELATED_DEFAULTS: object };
  return { name, create: related.createRelatedIndex, options: { ...config.RELATED_DEFAULTS, excludeSections: [], weighting: 'bm25' }, times: [] };
}

const libs = compile();
try {
  const { docs } = syntheticDocs(size);
  const engines = [await engine(rev, libs.base), await engine('working tree', libs.current)];
  const blocks: Map<string, string>[] = [new Map(), new Map()];
  for (let run = 0; run < runs; run++) {
    for (const [k, e] of engines.entries()) {
      (globalThis as { gc?: () => void }).gc?.();
      const t0 = performance.now();
      const index = e.create(docs, e.options);
      for (const id of index.order ?? docs.map((d) => d.id)) {
        const block = index.related(id);
        if (run === 0) blocks[k]!.set(id, block.join('\n'));
      }
      e.times.push(performance.now() - t0);
    }
  }
  const differ = docs.filter((d) => blocks[0]!.get(d.id) !== blocks[1]!.get(d.id)).length;
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[xs.length >> 1]!;
  process.stdout.write(`${size.toLocaleString('en')} articles, ${runs} alternating runs each (index + all blocks):\n`);
  for (const e of engines) process.stdout.write(`  ${e.name.padEnd(14)} median ${median(e.times).toFixed(0)} ms, min ${Math.min(...e.times).toFixed(0)} ms, max ${Math.max(...e.times).toFixed(0)} ms\n`);
  process.stdout.write(`  blocks that differ: ${differ} of ${docs.length}\n`);
} finally {
  libs.cleanup();
}
