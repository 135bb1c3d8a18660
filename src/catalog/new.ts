// `build-paper new "Headline" --section national`: a new article file with valid front matter.
import type { PaperConfig } from '../model.js';
import { termSlug } from '../render/slugs.js';
import { stampOf } from '../time.js';

export function newArticle(
  headline: string,
  section: string,
  config: PaperConfig,
  takenSlugs: readonly string[],
  now: number,
): { rel: string; text: string } | { error: string } {
  const title = headline.trim();
  if (!title) return { error: 'The headline is empty.' };
  if (!config.sections.some((s) => s.slug === section)) {
    return { error: `Unknown section "${section}". Use one of: ${config.sections.map((s) => s.slug).join(', ')}.` };
  }
  const base = termSlug(title).replace(/[^\p{Ll}\p{Lo}\p{Nd}\p{Mn}\p{Mc}-]+/gu, '').replace(/-+/g, '-').replace(/^-|-$/g, '') || 'untitled';
  let slug = base;
  for (let i = 2; takenSlugs.includes(slug); i++) slug = `${base}-${i}`;
  // Wall time in the paper's zone, without an offset: how writers write dates by hand.
  const date = stampOf(now, config.timeZone).iso.slice(0, 19);
  const text = `---\ntitle: ${JSON.stringify(title)}\ndate: ${date}\nsection: ${section}\nauthors: []\ntags: []\n# summary: "One or two sentences under the headline"\ndraft: true\n---\nWrite the story here. Remove "draft: true" to publish it.\n`;
  return { rel: `${section}/${slug}.md`, text };
}
