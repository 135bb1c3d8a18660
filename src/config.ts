// Paper config (content/paper.yaml): defaults, validation with positions, and a digest that
// later invalidates caches. Pure: takes the file's text, returns a config or BuildErrors.
import { createHash } from 'node:crypto';
import { buildError, locate, type BuildError } from './errors.js';
import type { PaperConfig } from './model.js';
import { pathLabel, unknownKeys, validate, z, text } from './schema.js';
import { isLanguageTag, isTimeZone } from './time.js';
import { parseYaml } from './yaml.js';

export const CONFIG_FILE = 'paper.yaml';

const SLUG = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
const PLACEHOLDERS = [':section', ':year', ':month', ':day', ':slug'];

const sectionSchema = z.object({
  slug: z.string().regex(SLUG, 'must be lowercase letters, digits and hyphens'),
  title: text().pipe(z.string().min(1)),
});

/**
 * Related-stories defaults, chosen by measurement on the labeled corpus
 * (docs/related-quality.md, `npm run eval:related`).
 */
export const RELATED_DEFAULTS = {
  count: 4,
  weights: { text: 1, tags: 0.1, section: 0.02, authors: 0.05, recency: 0.02 },
  minScore: 0,
  includeNewer: true,
  recencyHalfLifeDays: 30,
  maxDocShare: 0.5,
} as const;

/**
 * Image defaults, chosen by measurement on the sample paper (docs/benchmarks-images.md,
 * `npm run bench:images`): AVIF effort 2 encodes 4x faster than effort 4 for files 10% larger;
 * WebP effort 4 costs little more than effort 2 and saves 7%.
 */
export const IMAGES_DEFAULTS = {
  widths: [480, 960, 1600],
  avif: { quality: 50, effort: 2 },
  webp: { quality: 75, effort: 4 },
  jpeg: { quality: 78 },
  // The default theme's article column: 40rem, less the page's 1rem margins on small screens.
  sizes: '(min-width: 42rem) 40rem, calc(100vw - 2rem)',
} as const;

const quality = (value: number) => z.number().int().min(1).max(100).default(value);

const configSchema = z.object({
  name: text().pipe(z.string().min(1, 'must not be empty')),
  tagline: text().default(''),
  base_url: z.string().default('/'),
  language: z.string().default('en'),
  time_zone: z.string().default('UTC'),
  sections: z.array(sectionSchema).min(1, 'must declare at least one section'),
  permalink: z.string().default('/:section/:year/:month/:slug/'),
  related: z
    .object({
      count: z.number().int().min(0).max(20).default(RELATED_DEFAULTS.count),
      weights: z
        .object({
          text: weight(RELATED_DEFAULTS.weights.text),
          tags: weight(RELATED_DEFAULTS.weights.tags),
          section: weight(RELATED_DEFAULTS.weights.section),
          authors: weight(RELATED_DEFAULTS.weights.authors),
          recency: weight(RELATED_DEFAULTS.weights.recency),
        })
        .prefault({}),
      min_score: z.number().min(0).default(RELATED_DEFAULTS.minScore),
      include_newer: z.boolean().default(RELATED_DEFAULTS.includeNewer),
      recency_half_life_days: z.number().positive().default(RELATED_DEFAULTS.recencyHalfLifeDays),
      max_doc_share: z.number().gt(0).max(1).default(RELATED_DEFAULTS.maxDocShare),
      exclude_sections: z
        .array(z.object({ sections: z.array(z.string()).min(1), from: z.array(z.string()).min(1).optional() }))
        .default([]),
    })
    .prefault({}),
  page_size: z.number().int().min(1).max(500).default(20),
  section_top_count: z.number().int().min(0).max(20).default(3),
  corrections: z.object({ placement: z.enum(['top', 'bottom']).default('top') }).prefault({}),
  markdown: z
    .object({
      allow_html: z.boolean().default(false),
      iframe_hosts: z.array(z.string().regex(/^[a-z0-9.-]+$/i, 'must be a host name like www.youtube-nocookie.com')).default([]),
    })
    .prefault({}),
  images: z
    .object({
      widths: z.array(z.number().int().min(16).max(8192)).min(1, 'must list at least one width').default([...IMAGES_DEFAULTS.widths]),
      avif: z.object({ quality: quality(IMAGES_DEFAULTS.avif.quality), effort: z.number().int().min(0).max(9).default(IMAGES_DEFAULTS.avif.effort) }).prefault({}),
      webp: z.object({ quality: quality(IMAGES_DEFAULTS.webp.quality), effort: z.number().int().min(0).max(6).default(IMAGES_DEFAULTS.webp.effort) }).prefault({}),
      jpeg: z.object({ quality: quality(IMAGES_DEFAULTS.jpeg.quality) }).prefault({}),
      sizes: text().pipe(z.string().min(1)).default(IMAGES_DEFAULTS.sizes),
    })
    .prefault({}),
  search: z
    .object({
      // Pages a unit of the search index's parts (src/search/parts.ts); measured in docs/search.md.
      part_size: z.number().int().min(1).max(1_000_000).default(250),
      // Pagefind's memory while indexing grows with a part's pages (about 250 KB each).
      max_part_size: z.number().int().min(1).max(10_000_000).default(4000),
    })
    .prefault({}),
});

const KNOWN = Object.keys(configSchema.shape);

function weight(value: number) {
  return z.number().min(0).max(100).default(value);
}

export interface ConfigOverrides {
  readonly baseUrl?: string;
}

/** Parses and validates paper.yaml; `file` is the display path used in errors. */
export function parseConfig(
  source: string,
  file: string,
  overrides: ConfigOverrides = {},
): { config: PaperConfig | null; errors: BuildError[] } {
  const errors: BuildError[] = [];
  const at = (offset: number | undefined) => ({ file, ...locate(source, offset ?? 0) });
  const yaml = parseYaml(source);
  for (const p of yaml.errors) errors.push(buildError('config/yaml-syntax', at(p.offset), p.message));
  if (errors.length) return { config: null, errors };
  const raw = yaml.value ?? {};
  for (const key of unknownKeys(raw, KNOWN)) {
    errors.push(buildError('config/invalid', at(yaml.offsetOf([key], true)), `unknown setting "${key}"`, {
      severity: 'warning',
      hint: `Known settings: ${KNOWN.join(', ')}.`,
    }));
  }
  const res = validate(configSchema, raw);
  if (!res.ok) {
    for (const p of res.problems) {
      errors.push(buildError('config/invalid', at(yaml.offsetOf(p.path)), `"${pathLabel(p.path)}" ${p.message}`));
    }
    return { config: null, errors };
  }
  const d = res.data;
  const check = (ok: boolean, path: PropertyKey[], message: string) => {
    if (!ok) errors.push(buildError('config/invalid', at(yaml.offsetOf(path)), message));
  };
  const baseUrl = overrides.baseUrl ?? d.base_url;
  const basePath = basePathOf(baseUrl);
  check(basePath !== null, ['base_url'], `"base_url" must be an absolute http(s) URL or a path starting with "/", got "${baseUrl}"`);
  check(isTimeZone(d.time_zone), ['time_zone'], `"time_zone" is not an IANA time zone: "${d.time_zone}" (e.g. Asia/Phnom_Penh)`);
  check(isLanguageTag(d.language), ['language'], `"language" is not a BCP 47 language tag: "${d.language}" (e.g. en, km, en-GB)`);
  const permalinkProblem = checkPermalink(d.permalink);
  check(permalinkProblem === null, ['permalink'], `"permalink" ${permalinkProblem ?? ''}`);
  const seen = new Set<string>();
  d.sections.forEach((s, i) => {
    check(!seen.has(s.slug), ['sections', i, 'slug'], `section "${s.slug}" is declared twice`);
    check(!RESERVED.has(s.slug), ['sections', i, 'slug'], `section slug "${s.slug}" is reserved for site pages`);
    seen.add(s.slug);
  });
  d.related.exclude_sections.forEach((rule, i) => {
    for (const key of ['sections', 'from'] as const) {
      (rule[key] ?? []).forEach((slug, j) => {
        check(seen.has(slug), ['related', 'exclude_sections', i, key, j], `"related.exclude_sections" names section "${slug}", which is not declared`);
      });
    }
  });
  if (errors.some((e) => e.severity === 'error')) return { config: null, errors };

  const body = {
    name: d.name.trim(),
    tagline: d.tagline.trim(),
    baseUrl: normalizeBaseUrl(baseUrl),
    basePath: basePath ?? '/',
    language: d.language,
    timeZone: d.time_zone,
    sections: d.sections.map((s) => ({ slug: s.slug, title: s.title.trim() })),
    permalink: d.permalink,
    related: {
      count: d.related.count,
      weights: d.related.weights,
      minScore: d.related.min_score,
      includeNewer: d.related.include_newer,
      recencyHalfLifeDays: d.related.recency_half_life_days,
      maxDocShare: d.related.max_doc_share,
      excludeSections: d.related.exclude_sections.map((r) => ({ sections: r.sections, from: r.from ?? null })),
    },
    pageSize: d.page_size,
    sectionTopCount: d.section_top_count,
    correctionsAt: d.corrections.placement,
    markdown: { allowHtml: d.markdown.allow_html, iframeHosts: d.markdown.iframe_hosts.map((h) => h.toLowerCase()) },
    images: { ...d.images, widths: [...new Set(d.images.widths)].sort((a, b) => a - b) },
    search: { partSize: d.search.part_size, maxPartSize: d.search.max_part_size },
  };
  const digest = createHash('sha256').update(JSON.stringify(body)).digest('hex');
  return { config: { ...body, digest }, errors };
}

/** Top-level URL segments the site itself uses; a section may not take them. */
const RESERVED = new Set(['page', 'assets', 'media', 'search', 'tags', 'authors', 'feeds', 'pagefind']);

function basePathOf(baseUrl: string): string | null {
  if (baseUrl.startsWith('/') && !baseUrl.startsWith('//')) return withSlashes(baseUrl);
  try {
    const u = new URL(baseUrl);
    if (u.protocol !== 'http:' && u.protocol !== 'https:') return null;
    return withSlashes(u.pathname);
  } catch {
    return null;
  }
}

function normalizeBaseUrl(baseUrl: string): string {
  return baseUrl.endsWith('/') ? baseUrl : `${baseUrl}/`;
}

function withSlashes(p: string): string {
  const trimmed = p.replace(/^\/+|\/+$/g, '');
  return trimmed ? `/${trimmed}/` : '/';
}

/** Null when the pattern is usable, else what is wrong with it. */
export function checkPermalink(pattern: string): string | null {
  if (!pattern.startsWith('/') || !pattern.endsWith('/')) return 'must start and end with "/"';
  if (!pattern.includes(':slug')) return 'must contain :slug so that every article gets its own URL';
  for (const seg of pattern.split('/').filter(Boolean)) {
    if (seg.startsWith(':')) {
      if (!PLACEHOLDERS.includes(seg)) return `has an unknown placeholder "${seg}" (use ${PLACEHOLDERS.join(' ')})`;
    } else if (!/^[a-z0-9_-]+$/.test(seg)) {
      return `segment "${seg}" may only use lowercase letters, digits, "-" and "_"`;
    }
  }
  return null;
}
