// `npm run bench:related`: the related-stories stage on synthetic papers of 1k, 10k and 100k
// articles (~700 words each), one thread, each size in a fresh process so peak memory is its own.
// Writes docs/benchmarks-related.md.
import { execFileSync } from 'node:child_process';
import { cpus, totalmem } from 'node:os';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { RELATED_DEFAULTS } from '../../src/config.js';
import { createRelatedIndex, type Retrieval } from '../../src/related/index.js';
import { syntheticDocs } from './docs.js';

interface Result {
  size: number;
  words: number;
  analyzeMs: number;
  indexMs: number;
  queryMs: number;
  relatedMs: number;
  rssBeforeMiB: number;
  peakRssMiB: number;
  /** Share of every-pair scoring's recommendations that the engine also makes (sample of 200). */
  agreement: number | null;
}

async function measure(size: number, agreementCheck: boolean): Promise<Result> {
  const { docs, words, analyzeMs } = syntheticDocs(size);
  (globalThis as { gc?: () => void }).gc?.();
  const rssBefore = process.memoryUsage().rss;
  const t0 = performance.now();
  // BENCH_RETRIEVAL='{"textCandidates":32}' tries another retrieval budget (printed, not written to docs/).
  const retrieval = process.env.BENCH_RETRIEVAL ? (JSON.parse(process.env.BENCH_RETRIEVAL) as Partial<Retrieval>) : undefined;
  const options = { ...RELATED_DEFAULTS, excludeSections: [], weighting: 'bm25' as const, ...(retrieval ? { retrieval } : {}) };
  const index = createRelatedIndex(docs, options);
  const t1 = performance.now();
  let checksum = 0;
  // As relateAll does: in the index's cache-friendly order.
  for (const id of index.order) checksum += index.related(id).length;
  const t2 = performance.now();
  if (checksum !== docs.length * RELATED_DEFAULTS.count) throw new Error(`blocks not full: ${checksum}`);
  const peak = process.resourceUsage().maxRSS / 1024;
  let agreement: number | null = null;
  if (agreementCheck) {
    // Every pair: each term's whole posting list, every touched article scored exactly. Cheap for
    // 200 sampled articles even at 100k; only the full inverted index costs memory, after the
    // peak above was taken.
    const exact = createRelatedIndex(docs, { ...options, retrieval: { queryTerms: 1e9, postingsPerTerm: size, textCandidates: size, perTag: size, scored: size } });
    let hit = 0;
    let all = 0;
    for (let i = 0; i < docs.length; i += Math.ceil(docs.length / 200)) {
      const mine = new Set(index.related(docs[i]!.id));
      for (const id of exact.related(docs[i]!.id)) {
        all++;
        if (mine.has(id)) hit++;
      }
    }
    agreement = hit / all;
  }
  return {
    agreement,
    size,
    words: Math.round(words / size),
    analyzeMs: analyzeMs,
    indexMs: t1 - t0,
    queryMs: t2 - t1,
    relatedMs: t2 - t0,
    rssBeforeMiB: rssBefore / 2 ** 20,
    peakRssMiB: peak,
  };
}

const child = process.argv.indexOf('--size');
if (child !== -1) {
  const result = await measure(Number(process.argv[child + 1]), !process.argv.includes('--no-agreement'));
  process.stdout.write(JSON.stringify(result));
} else {
  const sizes = (process.env.BENCH_SIZES ?? '1000,10000,100000').split(',').map(Number);
  // This machine's speed varies from run to run by up to ~40% (other tenants): each size runs
  // BENCH_RUNS times in fresh processes and the table gives the median run with the range.
  const runs = Number(process.env.BENCH_RUNS ?? 3);
  const results: { median: Result; all: Result[] }[] = [];
  for (const size of sizes) {
    const all: Result[] = [];
    for (let run = 0; run < runs; run++) {
      const args = ['--expose-gc', '--import', 'tsx', import.meta.filename, '--size', String(size), ...(run > 0 ? ['--no-agreement'] : [])];
      const r = JSON.parse(execFileSync(process.execPath, args, { encoding: 'utf8', maxBuffer: 1 << 20 })) as Result;
      all.push(r);
      process.stderr.write(`${size}: related ${r.relatedMs.toFixed(0)} ms (index ${r.indexMs.toFixed(0)}, blocks ${r.queryMs.toFixed(0)}), peak RSS ${r.peakRssMiB.toFixed(0)} MiB\n`);
    }
    const median = { ...[...all].sort((a, b) => a.relatedMs - b.relatedMs)[all.length >> 1]!, agreement: all[0]!.agreement };
    results.push({ median, all });
  }
  const s = (ms: number) => (ms / 1000).toFixed(2);
  const range = (all: Result[]) => (all.length > 1 ? ` (${s(Math.min(...all.map((r) => r.relatedMs)))}-${s(Math.max(...all.map((r) => r.relatedMs)))})` : '');
  const table = [
    `| articles | words/article | related stage (index + all blocks), median of ${runs} (range) | index | blocks | analysis (in parse, per article) | RSS before | peak RSS (process, highest run) | agreement with every-pair scoring |`,
    '|---|---|---|---|---|---|---|---|---|',
    ...results.map(({ median: r, all }) => `| ${r.size.toLocaleString('en')} | ${r.words} | **${s(r.relatedMs)} s**${range(all)} | ${s(r.indexMs)} s | ${s(r.queryMs)} s | ${s(r.analyzeMs)} s (${((r.analyzeMs / r.size) * 1000).toFixed(0)} µs) | ${r.rssBeforeMiB.toFixed(0)} MiB | **${Math.max(...all.map((x) => x.peakRssMiB)).toFixed(0)} MiB** | ${r.agreement === null ? 'not measured (too slow)' : `${(r.agreement * 100).toFixed(1)}%`} |`),
  ];
  const doc = `# Related-stories benchmark

\`npm run bench:related\` (bench/related/bench.ts) on ${cpus().length} × ${cpus()[0]?.model ?? 'CPU'}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}, one thread.
Synthetic papers (bench/synthetic.ts, seeded): ~700-word articles, 8 sections, 320 tags, one topic per
~40 articles, dates over ten years. Each run is a fresh process; blocks are computed in the engine's
cache-friendly order (\`index.order\`), as the build does.

${table.join('\n')}

- **related stage**: building the index (vocabulary, BM25 weights, each article's query terms,
  postings of the terms some article queries, tag index) and computing every article's block
  with the default settings. Targets: 10k under 1 s,
  100k under 15 s, under 1 GiB at 100k. The index and blocks columns are the median run's.
- **analysis**: turning an article's headline, dek and body into terms (tokenize, stop words,
  stem). It runs once per article in the parse stage, where it is cached with the parsed article
  and spread over workers, so it is reported apart. It is also a rough gauge of how fast this
  VM was during the run: its speed drifts by up to half within minutes, so compare code with
  \`npm run bench:related:ab -- REV\` (alternating runs in one process), not across two runs of
  this table.
- **peak RSS** is the whole process's high-water mark, which includes the synthetic paper itself
  (measured before the agreement check).
- **agreement**: for 200 sampled articles, the share of the recommendations that scoring every
  pair exactly would make which the engine also makes.
`;
  if (!process.env.BENCH_RETRIEVAL) {
    const file = path.resolve(import.meta.dirname, '../../docs/benchmarks-related.md');
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, doc);
  }
  process.stdout.write(doc);
}
