// content/authors/<slug>.md -> an author profile (name, title, photo, bio) for author pages.
import { buildError, locate, type BuildError } from '../errors.js';
import type { AuthorProfile, SourceFile } from '../model.js';
import { pathLabel, validate, z, text } from '../schema.js';
import type { RenderMarkdown } from './article.js';
import { resolveContentPath } from './paths.js';
import { splitFrontMatter } from './frontmatter.js';

const profileSchema = z.object({
  name: text().pipe(z.string().trim().min(1)),
  title: text().optional(),
  photo: z.object({ src: text(), alt: text().pipe(z.string().min(1)) }).optional(),
});

export function parseAuthor(source: SourceFile, renderMarkdown: RenderMarkdown): { author: AuthorProfile | null; errors: BuildError[] } {
  const { fm, errors } = splitFrontMatter(source);
  if (!fm) return { author: null, errors };
  const res = validate(profileSchema, fm.data);
  if (!res.ok) {
    for (const p of res.problems) {
      const offset = fm.yaml.offsetOf(p.path);
      errors.push(buildError(p.missing ? 'front-matter/missing-field' : 'front-matter/invalid-field', { file: source.path, ...locate(source.text, offset === undefined ? 0 : fm.yamlOffset + offset) }, `"${pathLabel(p.path)}" ${p.message}`));
    }
    return { author: null, errors };
  }
  const md = renderMarkdown({ markdown: fm.body, rel: source.rel, lineOffset: fm.bodyLineOffset });
  const photo = res.data.photo ? { src: resolveContentPath(source.rel, res.data.photo.src) ?? res.data.photo.src, alt: res.data.photo.alt } : null;
  return {
    author: { name: res.data.name.trim(), title: res.data.title ?? null, photo, bioHtml: md.html, sourcePath: source.path },
    errors,
  };
}
