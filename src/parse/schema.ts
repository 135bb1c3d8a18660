// The article front-matter schema. Types only; dates and cross-checks happen in article.ts.
import { z, text } from '../schema.js';

const nonEmpty = () => text().pipe(z.string().trim().min(1, 'must not be empty'));

/** A single string or a list of strings, always read as a list. */
const list = () =>
  z.preprocess((v) => (typeof v === 'string' || typeof v === 'number' ? [v] : v), z.array(nonEmpty()));

export const articleSchema = z.object({
  title: nonEmpty(),
  date: nonEmpty(),
  updated: nonEmpty().optional(),
  section: nonEmpty(),
  tags: list().default([]),
  authors: list().default([]),
  summary: nonEmpty().optional(),
  slug: nonEmpty().optional(),
  image: z
    .object({
      src: nonEmpty(),
      alt: nonEmpty(),
      caption: nonEmpty().optional(),
      credit: nonEmpty().optional(),
    })
    .optional(),
  dateline: nonEmpty().optional(),
  related: list().default([]),
  related_exclude: list().default([]),
  featured: z.boolean().default(false),
  draft: z.boolean().default(false),
  expires: nonEmpty().optional(),
  kicker: nonEmpty().optional(),
  lang: nonEmpty().optional(),
  translations: list().default([]),
  corrections: z.array(z.object({ date: nonEmpty(), text: nonEmpty() })).default([]),
});

export const ARTICLE_FIELDS = Object.keys(articleSchema.shape);

/** Blank YAML values (`summary:`) mean "not set". */
export function dropNulls(data: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(data).filter(([, v]) => v !== null && v !== undefined));
}
