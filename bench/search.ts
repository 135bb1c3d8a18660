// `npm run bench:search`: the search index of the sample paper and of a synthetic paper
// (bench/paper.ts; BENCH_SEARCH_SIZE, default 10000): Pagefind stage time, files and bytes under
// dist/pagefind/, and the bytes Chromium downloads from pagefind/ for one query. Writes
// docs/search-measurements.md (docs/search.md explains the numbers).
import { mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import path from 'node:path';
import { build } from '../src/build.js';
import { launch } from '../test/helpers/browser.js';
import { serve } from '../test/helpers/server.js';
import { writePaper } from './paper.js';

const REPO = path.resolve(import.meta.dirname, '..');

function files(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true }).filter((e) => e.isFile()).map((e) => path.join(e.parentPath, e.name));
}

/** Bytes of pagefind/ responses for one search, split into the once-per-visit bundle and the query's chunks. */
async function download(out: string, queries: readonly string[]): Promise<{ query: string; bundle: number; chunks: number; requests: number }[]> {
  const server = await serve(out, '/paper/');
  const browser = await launch();
  const rows = [];
  try {
    for (const query of queries) {
      const ctx = await browser.newContext();
      const tab = await ctx.newPage();
      let bundle = 0, chunks = 0, requests = 0;
      tab.on('response', async (r) => {
        if (!r.url().includes('/pagefind/')) return;
        const n = (await r.body().catch(() => Buffer.alloc(0))).length;
        requests++;
        if (/\/(index|fragment|filter)\//.test(r.url())) chunks += n;
        else bundle += n;
      });
      await tab.goto(`${server.url}search/?q=${encodeURIComponent(query)}`, { waitUntil: 'networkidle' });
      await tab.locator('.pagefind-ui__result').first().waitFor({ timeout: 30_000 });
      await tab.waitForLoadState('networkidle');
      rows.push({ query, bundle, chunks, requests });
      await ctx.close();
    }
  } finally {
    await browser.close();
    await server.close();
  }
  return rows;
}

async function measure(name: string, contentDir: string, queries: readonly string[]) {
  const out = mkdtempSync(path.join(tmpdir(), 'bp-search-'));
  const res = await build({ cwd: REPO, contentDir, templatesDir: path.join(REPO, 'templates'), outDir: out, now: Date.UTC(2026, 10, 29, 12), baseUrl: 'https://example.org/paper/', threads: 1 });
  if (!res.ok) throw new Error(res.diagnostics.map((d) => d.message).join('; '));
  const all = files(path.join(out, 'pagefind'));
  const data = all.filter((f) => /\/(index|fragment|filter)\//.test(f) || f.endsWith('.pf_meta'));
  const size = (fs: string[]) => fs.reduce((n, f) => n + statSync(f).size, 0);
  const searchMs = res.timings.find((t) => t.stage === 'search')!.ms;
  process.stderr.write(`${name}: built in ${(res.ms / 1000).toFixed(1)} s\n`);
  return { name, articles: res.articles, buildS: res.ms / 1000, searchS: searchMs / 1000, files: all.length, bytes: size(all), dataFiles: data.length, dataBytes: size(data), downloads: await download(out, queries) };
}

const size = Number(process.env.BENCH_SEARCH_SIZE ?? 10000);
const synthetic = mkdtempSync(path.join(tmpdir(), 'bp-search-paper-'));
writePaper(path.join(synthetic, 'content'), size);
// Synthetic words are made up: search for the first and last word of one article's headline.
const someArticle = files(path.join(synthetic, 'content')).find((f) => f.endsWith('.md') && !f.includes('/authors/'))!;
const headline = readFileSync(someArticle, 'utf8').match(/^title: "?([^"\n]+)/m)![1]!.split(/\s+/);
const results = [
  await measure('sample paper', path.join(REPO, 'content'), ['rice', 'ផ្កាឈូក']),
  await measure(`synthetic, ${size.toLocaleString('en')} articles`, path.join(synthetic, 'content'), [headline[0]!.toLowerCase(), headline.at(-1)!.toLowerCase()]),
];
const kb = (n: number) => `${(n / 1024).toFixed(0)} KiB`;
const lines = [
  `Measured by \`npm run bench:search\` (bench/search.ts) on ${cpus().length} × ${cpus()[0]?.model ?? 'CPU'}, Node ${process.version}, one parse thread, cold build.`,
  '',
  '| paper | articles | whole build | search stage | files in pagefind/ | bytes in pagefind/ | of which index data (files, bytes) |',
  '|---|---|---|---|---|---|---|',
  ...results.map((r) => `| ${r.name} | ${r.articles} | ${r.buildS.toFixed(1)} s | ${r.searchS.toFixed(1)} s | ${r.files} | ${kb(r.bytes)} | ${r.dataFiles}, ${kb(r.dataBytes)} |`),
  '',
  '| paper | query | requests to pagefind/ | script, wasm and metadata | index chunks and fragments | total |',
  '|---|---|---|---|---|---|',
  ...results.flatMap((r) => r.downloads.map((d) => `| ${r.name} | ${d.query} | ${d.requests} | ${kb(d.bundle)} | ${kb(d.chunks)} | ${kb(d.bundle + d.chunks)} |`)),
  '',
];
writeFileSync(path.join(REPO, 'docs/search-measurements.md'), `# Search index measurements\n\n${lines.join('\n')}`);
process.stdout.write(lines.join('\n'));
