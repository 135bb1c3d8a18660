// SourceFile -> Article | BuildErrors. Pure: the markdown renderer and config are passed in.
import path from 'node:path/posix';
import { buildError, locate, type BuildError, type ErrorCode } from '../errors.js';
import type { Article, ArticleImage, AssetRef, PaperConfig, Position, SourceFile, Stamp } from '../model.js';
import { pathLabel, unknownKeys, validate } from '../schema.js';
import { calendarParts, isLanguageTag, parseStamp } from '../time.js';
import { resolveContentPath } from './paths.js';
import { analyzeFields, countWords, segmenter } from '../text/analyze.js';
import { splitFrontMatter } from './frontmatter.js';
import type { MarkdownInput, MarkdownResult } from './markdown.js';
import { ARTICLE_FIELDS, articleSchema, dropNulls } from './schema.js';

export const SLUG_PATTERN = /^[\p{Ll}\p{Lo}\p{Nd}\p{Mn}\p{Mc}]+(?:-[\p{Ll}\p{Lo}\p{Nd}\p{Mn}\p{Mc}]+)*$/u;
const EXCERPT_CHARS = 220;
/** How much a word in the headline and in the dek counts against one in the body (chosen on the labeled corpus). */
export const TITLE_WEIGHT = 2;
export const SUMMARY_WEIGHT = 2;

export type RenderMarkdown = (input: MarkdownInput) => MarkdownResult;

export function parseArticle(
  source: SourceFile,
  config: PaperConfig,
  renderMarkdown: RenderMarkdown,
): { article: Article | null; errors: BuildError[] } {
  const { fm, errors } = splitFrontMatter(source);
  if (!fm) return { article: null, errors };
  const file = source.path;
  const at = (fieldPath: readonly PropertyKey[], key = false): { file: string; line: number; column: number; frame: string } => {
    const offset = fm.yaml.offsetOf(fieldPath, key);
    return { file, ...locate(source.text, offset === undefined ? 0 : fm.yamlOffset + offset) };
  };
  const fail: Fail = (code, fieldPath, message, hint) =>
    errors.push(buildError(code, fieldPath ? at(fieldPath) : { file, line: 1, column: 1 }, message, hint ? { hint } : {}));

  for (const key of unknownKeys(fm.data, ARTICLE_FIELDS)) {
    errors.push(buildError('front-matter/unknown-field', at([key], true), `unknown field "${key}" is ignored`, { severity: 'warning' }));
  }
  const raw = dropNulls(fm.data);
  const res = validate(articleSchema, raw);
  const reported = new Set<string>();
  if (!res.ok) {
    for (const p of res.problems) {
      const label = pathLabel(p.path);
      reported.add(String(p.path[0]));
      if (label === 'image.alt') {
        // Point at the image itself when alt is absent, at the empty value when it is blank.
        const where = p.missing ? at(['image'], true) : at(p.path);
        errors.push(buildError('front-matter/missing-alt', where, p.missing ? '"image" has no "alt" text' : '"image.alt" is empty'));
      } else if (p.missing) {
        const where = { file, line: 1, column: 1, frame: locate(source.text, 0).frame };
        errors.push(buildError('front-matter/missing-field', where, `"${label}" is required`));
      } else {
        fail('front-matter/invalid-field', p.path, `"${label}" ${p.message}`);
      }
    }
  }
  // Dates, section and slug are checked even when another field failed, so one run shows all.
  const str = (key: string) => (!reported.has(key) && typeof raw[key] === 'string' ? (raw[key] as string) : undefined);
  const checked = checkFields({ date: str('date'), updated: str('updated'), section: str('section'), slug: str('slug') }, source.rel, config, fail);
  if (!res.ok) return { article: null, errors };
  const d = res.data;
  const { date, updated, slug } = checked;
  const zone = config.timeZone;

  const assets: AssetRef[] = [];
  let image: ArticleImage | null = null;
  if (d.image) {
    const external = /^https?:\/\//i.test(d.image.src);
    let src = d.image.src;
    if (!external) {
      const resolved = resolveContentPath(source.rel, d.image.src);
      const pos = at(['image', 'src']);
      if (resolved === null) fail('asset/missing', ['image', 'src'], `"image.src" points outside the content folder: "${d.image.src}"`);
      else assets.push({ rel: resolved, image: true, line: pos.line, column: pos.column });
      src = resolved ?? d.image.src;
    }
    image = { src, external, alt: d.image.alt, caption: d.image.caption ?? null, credit: d.image.credit ?? null };
  }

  const md = renderMarkdown({ markdown: fm.body, rel: source.rel, lineOffset: fm.bodyLineOffset });
  for (const p of md.problems) {
    const code: ErrorCode = p.kind === 'missing-alt' ? 'markdown/missing-alt' : 'asset/missing';
    errors.push(buildError(code, { file, line: p.line, column: p.column }, p.message));
  }
  assets.push(...md.assets);
  const expires = d.expires === undefined ? null : parseStamp(d.expires, zone);
  if (d.expires !== undefined && !expires) fail('front-matter/invalid-date', ['expires'], `"expires" is not a real ISO 8601 date: "${d.expires}"`);
  const corrections = d.corrections.map((c, i) => {
    const stamp = parseStamp(c.date, zone);
    if (!stamp) fail('front-matter/invalid-date', ['corrections', i, 'date'], `"corrections[${i}].date" is not a real ISO 8601 date: "${c.date}"`);
    return { date: stamp, text: c.text };
  });
  const lang = d.lang ?? config.language;
  if (d.lang !== undefined && !isLanguageTag(d.lang)) fail('front-matter/invalid-field', ['lang'], `"lang" is not a BCP 47 language tag: "${d.lang}" (e.g. en, km)`);

  if (errors.some((e) => e.severity === 'error') || !date) return { article: null, errors };

  const parts = calendarParts(date, zone);
  const urlPath = config.permalink
    .replace(':section', d.section)
    .replace(':year', parts.year)
    .replace(':month', parts.month)
    .replace(':day', parts.day)
    .replace(':slug', slug)
    .replace(/^\/+/, '');
  const relatedPositions: Position[] = d.related.map((_, i) => pick(at(['related', i])));
  const excludePositions: Position[] = d.related_exclude.map((_, i) => pick(at(['related_exclude', i])));

  const article: Article = {
    id: source.rel,
    sourcePath: source.path,
    digest: source.digest,
    slug,
    title: d.title,
    date,
    updated,
    section: d.section,
    tags: unique(d.tags),
    authors: unique(d.authors),
    summary: d.summary ?? null,
    excerpt: d.summary ?? cutAtWord(md.firstParagraph, EXCERPT_CHARS, d.lang ?? config.language),
    image,
    dateline: d.dateline ?? null,
    related: unique(d.related),
    relatedExclude: unique(d.related_exclude),
    terms: analyzeFields(
      [
        { text: d.title, weight: TITLE_WEIGHT },
        { text: d.summary ?? '', weight: SUMMARY_WEIGHT },
        { text: md.text, weight: 1 },
      ],
      lang,
    ),
    featured: d.featured,
    draft: d.draft,
    expires,
    kicker: d.kicker ?? null,
    lang,
    translations: unique(d.translations),
    corrections: corrections.flatMap((c) => (c.date ? [{ date: c.date, text: c.text }] : [])).sort((a, b) => a.date.epochMs - b.date.epochMs),
    links: md.links,
    bodyImages: md.images,
    bodyHtml: md.html,
    wordCount: countWords(md.text, d.lang ?? config.language),
    urlPath,
    assets,
    positions: { slug: d.slug === undefined ? { line: 1, column: 1 } : pick(at(['slug'])), related: relatedPositions, relatedExclude: excludePositions, translations: d.translations.map((_, i) => pick(at(['translations', i]))) },
  };
  return { article, errors };
}

/** Records an error at a front-matter field (or at the top of the file when `fieldPath` is null). */
type Fail = (code: ErrorCode, fieldPath: readonly PropertyKey[] | null, message: string, hint?: string) => void;

interface FieldValues {
  readonly date: string | undefined;
  readonly updated: string | undefined;
  readonly section: string | undefined;
  readonly slug: string | undefined;
}

/** Checks that need the config or the file name: real dates, a declared section, a safe slug. */
function checkFields(
  v: FieldValues,
  rel: string,
  config: PaperConfig,
  fail: Fail,
): { date: Stamp | null; updated: Stamp | null; slug: string } {
  const zone = config.timeZone;
  const date = v.date === undefined ? null : parseStamp(v.date, zone);
  if (v.date !== undefined && !date) fail('front-matter/invalid-date', ['date'], `"date" is not a real ISO 8601 date: "${v.date}"`);
  const updated = v.updated === undefined ? null : parseStamp(v.updated, zone);
  if (v.updated !== undefined && !updated) fail('front-matter/invalid-date', ['updated'], `"updated" is not a real ISO 8601 date: "${v.updated}"`);
  if (date && updated && updated.epochMs < date.epochMs) {
    fail('front-matter/invalid-date', ['updated'], `"updated" (${v.updated}) is before "date" (${v.date})`);
  }
  if (v.section !== undefined && !config.sections.some((s) => s.slug === v.section)) {
    const known = config.sections.map((s) => s.slug).join(', ');
    fail('front-matter/unknown-section', ['section'], `section "${v.section}" is not declared in paper.yaml`, `Use one of: ${known}; or add it under "sections:" in paper.yaml.`);
  }
  const fileSlug = path.basename(rel).replace(/\.md$/i, '');
  const slug = v.slug ?? fileSlug;
  if (!SLUG_PATTERN.test(slug)) {
    if (v.slug === undefined) {
      fail('front-matter/invalid-slug', null, `the file name "${fileSlug}" is not a valid slug; rename the file or set "slug:"`);
    } else {
      fail('front-matter/invalid-slug', ['slug'], `"slug" must be lowercase words joined by single hyphens (no "/", "..", spaces or capitals): "${slug}"`);
    }
  }
  return { date, updated, slug };
}

/** Cuts at a word boundary (Intl.Segmenter, so Khmer and Thai work too) and adds an ellipsis. */
export function cutAtWord(text: string, max: number, language: string): string {
  if (text.length <= max) return text;
  let out = '';
  // Only the head is segmented: Intl.Segmenter slows down badly on long inputs.
  for (const { segment } of segmenter(language).segment(text.slice(0, max + 40))) {
    if ((out + segment).length > max) break;
    out += segment;
  }
  // A first "word" longer than the limit (a pasted URL) is cut hard rather than lost.
  const cut = out.trim() === '' ? text.slice(0, max) : out;
  return `${cut.replace(/[\s,;:.–—-]+$/u, '')}…`;
}

function unique(values: readonly string[]): string[] {
  const seen = new Set<string>();
  const out: string[] = [];
  for (const v of values) {
    const key = v.trim().toLowerCase();
    if (!seen.has(key)) {
      seen.add(key);
      out.push(v.trim());
    }
  }
  return out;
}

function pick(p: { line: number; column: number }): Position {
  return { line: p.line, column: p.column };
}
