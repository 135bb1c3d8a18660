// Writes a synthetic paper (paper.yaml + markdown articles with headings, lists, links, tables,
// tags, sections, bylines) into a folder, for build benchmarks.
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { SECTION_NAMES, syntheticArticles } from './synthetic.js';

export function writePaper(dir: string, count: number, seed = 7): void {
  mkdirSync(dir, { recursive: true });
  writeFileSync(
    path.join(dir, 'paper.yaml'),
    `name: The Synthetic Times\ntagline: A benchmark paper.\nbase_url: https://example.org/\nlanguage: en\ntime_zone: Asia/Phnom_Penh\nsections:\n${SECTION_NAMES.map((s) => `  - { slug: ${s}, title: ${s[0]!.toUpperCase()}${s.slice(1)} }`).join('\n')}\n`,
  );
  let i = 0;
  for (const a of syntheticArticles(count, { seed })) {
    const date = new Date(a.epochMs).toISOString().slice(0, 19);
    const paras = a.body.split('\n\n');
    // Markdown features a real paper has: a subheading, a list, a link, sometimes a table.
    paras.splice(2, 0, `## ${paras[0]!.split(' ').slice(0, 4).join(' ')}`);
    paras.splice(4, 0, `- ${paras[1]!.split('.')[0]}\n- ${paras[3]!.split('.')[0]}`);
    paras.push(`Read more in [the full report](https://example.com/report/${i}).`);
    if (i % 5 === 0) paras.push('| Item | Value |\n|---|---:|\n| First | 12 |\n| Second | 34 |');
    const fm = [
      `title: ${JSON.stringify(a.title)}`,
      `date: ${date}`,
      `section: ${a.section}`,
      `tags: ${JSON.stringify(a.tags)}`,
      `authors: ${JSON.stringify(a.authors)}`,
      ...(i % 3 === 0 ? [`summary: ${JSON.stringify(a.summary)}`] : []),
    ];
    mkdirSync(path.join(dir, a.section), { recursive: true });
    writeFileSync(path.join(dir, a.section, `${a.slug}.md`), `---\n${fm.join('\n')}\n---\n${paras.join('\n\n')}\n`);
    i++;
  }
}

// `npx tsx bench/paper.ts <content-dir> <articles>` writes one paper, e.g. for bench/rss.sh.
if (process.argv[1] && path.resolve(process.argv[1]) === path.resolve(new URL(import.meta.url).pathname)) {
  const [dir, count] = process.argv.slice(2);
  if (!dir || !count) throw new Error('usage: npx tsx bench/paper.ts <content-dir> <articles>');
  writePaper(dir, Number(count));
}
