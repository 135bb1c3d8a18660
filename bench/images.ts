// `npm run bench:images`: how long sharp takes to encode the sample paper's images as AVIF and
// WebP at several effort/quality settings, and how big the results are, so that the defaults in
// src/images/ are chosen by measurement. Writes docs/benchmarks-images.md.
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import path from 'node:path';
import sharp, { type Sharp } from 'sharp';

const MEDIA = path.resolve(import.meta.dirname, '../content/media');
const WIDTHS = [480, 960];
const ROUNDS = 3;

interface Setting {
  readonly format: 'avif' | 'webp' | 'jpeg';
  readonly quality: number;
  readonly effort?: number;
}

const SETTINGS: Setting[] = [
  { format: 'avif', quality: 50, effort: 0 },
  { format: 'avif', quality: 50, effort: 2 },
  { format: 'avif', quality: 50, effort: 4 },
  { format: 'avif', quality: 50, effort: 6 },
  { format: 'avif', quality: 60, effort: 2 },
  { format: 'avif', quality: 60, effort: 4 },
  { format: 'webp', quality: 75, effort: 2 },
  { format: 'webp', quality: 75, effort: 4 },
  { format: 'webp', quality: 75, effort: 6 },
  { format: 'webp', quality: 80, effort: 4 },
  { format: 'jpeg', quality: 80 },
];

function encoder(s: Setting, width: number, input: Buffer): Sharp {
  const img = sharp(input).resize({ width, withoutEnlargement: true });
  if (s.format === 'avif') return img.avif({ quality: s.quality, effort: s.effort! });
  if (s.format === 'webp') return img.webp({ quality: s.quality, effort: s.effort! });
  return img.jpeg({ quality: s.quality, mozjpeg: true });
}

const files = readdirSync(MEDIA).filter((f) => /\.(jpe?g|png)$/i.test(f)).sort();
const inputs = files.map((f) => readFileSync(path.join(MEDIA, f)));
const sourceBytes = inputs.reduce((n, b) => n + b.length, 0);
const rows: string[] = [];
for (const s of SETTINGS) {
  let best = Infinity;
  let bytes = 0;
  let deterministic = true;
  for (let round = 0; round < ROUNDS; round++) {
    const t0 = performance.now();
    let total = 0;
    for (const input of inputs) {
      for (const w of WIDTHS) {
        const a = await encoder(s, w, input).toBuffer();
        total += a.length;
        if (round === 0) {
          const b = await encoder(s, w, input).toBuffer();
          if (!a.equals(b)) deterministic = false;
        }
      }
    }
    // Round 0 encodes twice (the determinism check), so only later rounds count for time.
    if (round > 0) best = Math.min(best, performance.now() - t0);
    bytes = total;
  }
  const n = inputs.length * WIDTHS.length;
  const label = s.format === 'jpeg' ? `jpeg q${s.quality} (mozjpeg)` : `${s.format} q${s.quality} effort ${s.effort}`;
  rows.push(`| ${label} | ${best.toFixed(0)} ms | ${(best / n).toFixed(1)} ms | ${(bytes / 1024).toFixed(1)} KiB | ${deterministic ? 'yes' : 'no'} |`);
  process.stderr.write(`${label}: ${best.toFixed(0)} ms, ${bytes} bytes\n`);
}

const doc = `# Image encoding benchmarks

\`npm run bench:images\` (bench/images.ts) on ${cpus().length} × ${cpus()[0]?.model ?? 'CPU'}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version},
sharp ${sharp.versions.sharp} (libvips ${sharp.versions.vips}). Input: the ${files.length} images in content/media/ (${[...new Set(await Promise.all(inputs.map(async (b) => { const m = await sharp(b).metadata(); return `${m.width}×${m.height} ${m.format.toUpperCase()}`; })))].join(', ')},
${(sourceBytes / 1024).toFixed(1)} KiB together), each resized to ${WIDTHS.join(' and ')} px wide and encoded, one at a time; best of
${ROUNDS - 1} timed rounds. "Same bytes twice" says whether two encodes of the same input gave identical output.

| setting | ${files.length * WIDTHS.length} encodes | per encode | output | same bytes twice |
|---|---|---|---|---|
${rows.join('\n')}
`;
writeFileSync(path.resolve(import.meta.dirname, '../docs/benchmarks-images.md'), doc);
process.stderr.write('wrote docs/benchmarks-images.md\n');
