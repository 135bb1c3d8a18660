// The single markdown pipeline: built once per build from the config, frozen, then run on
// every article. Each plugin below does one job.
import type { Element, Root as HastRoot } from 'hast';
import type { Root as MdastRoot } from 'mdast';
import {
  mdastText,
  rehypeExternalLinks,
  rehypeRaw,
  rehypeSanitize,
  defaultSchema,
  rehypeSlug,
  rehypeStringify,
  remarkGfm,
  remarkParse,
  remarkRehype,
  unified,
  visit,
  SKIP,
  VFile,
} from '../vendor/markdown.js';
import { gfmFeaturesUsed, remarkGfmParts, type GfmFeature } from './gfm.js';
import { contentPath } from './paths.js';
import type { ArticleLink, AssetRef, BodyImage } from '../model.js';

export interface MarkdownOptions {
  readonly basePath: string;
  readonly allowHtml: boolean;
  readonly iframeHosts: readonly string[];
  /** 'auto' (default): only the GFM extensions an article can use; 'full': all of remark-gfm. */
  readonly gfm?: 'auto' | 'full';
}

export interface MarkdownInput {
  readonly markdown: string;
  /** Content-relative path of the article, to resolve relative image paths. */
  readonly rel: string;
  /** Lines before the body in the file, so positions are absolute. */
  readonly lineOffset: number;
}

export interface MarkdownProblem {
  readonly kind: 'missing-alt' | 'outside-content';
  readonly line: number;
  readonly column: number;
  readonly message: string;
}

export interface MarkdownResult {
  readonly html: string;
  /** Plain text of the first paragraph, '' when there is none. */
  readonly firstParagraph: string;
  /** Plain text of the whole body (for word counts and, later, related stories). */
  readonly text: string;
  readonly assets: readonly AssetRef[];
  /** Local images, in the order of their <!--bp-image:N--> markers in html. */
  readonly images: readonly BodyImage[];
  readonly links: readonly ArticleLink[];
  readonly problems: readonly MarkdownProblem[];
}

interface FileData {
  rel: string;
  lineOffset: number;
  firstParagraph: string;
  text: string;
  assets: AssetRef[];
  images: BodyImage[];
  links: ArticleLink[];
  problems: MarkdownProblem[];
}

/**
 * Builds the frozen processors (one per set of GFM extensions, made on first use) and returns a
 * function that renders one article body.
 */
export function createMarkdown(options: MarkdownOptions): (input: MarkdownInput) => MarkdownResult {
  const processors = new Map<string, ReturnType<typeof makeProcessor>>();
  const processorFor = (markdown: string) => {
    const features = options.gfm === 'full' ? null : gfmFeaturesUsed(markdown);
    const key = features ? features.join(',') : 'full';
    let p = processors.get(key);
    if (!p) {
      p = makeProcessor(options, features);
      processors.set(key, p);
    }
    return p;
  };

  return (input) => {
    const data: FileData = {
      rel: input.rel,
      lineOffset: input.lineOffset,
      firstParagraph: '',
      text: '',
      assets: [],
      images: [],
      links: [],
      problems: [],
    };
    const file = new VFile({ value: input.markdown, data: data as unknown as Record<string, unknown> });
    const html = String(processorFor(input.markdown).processSync(file));
    return { html, firstParagraph: data.firstParagraph, text: data.text, assets: data.assets, images: data.images, links: data.links, problems: data.problems };
  };
}

/** The pipeline, with all of GFM (features null) or just the given extensions. */
function makeProcessor(options: MarkdownOptions, features: readonly GfmFeature[] | null) {
  return unified()
    .use(remarkParse)
    .use(features === null ? [remarkGfm] : [[remarkGfmParts, features]])
    .use(remarkPlainText)
    .use(remarkArticleLinks)
    .use(remarkRehype, { allowDangerousHtml: options.allowHtml })
    .use(options.allowHtml ? [rehypeRaw] : [])
    .use(rehypeSanitize, sanitizeSchema(options))
    .use(rehypeDemoteH1)
    .use(rehypeSlug)
    .use(rehypeExternalLinks, { rel: ['noopener'] })
    .use(rehypeLocalUrls, options)
    .use(rehypeMedia, options)
    .use(rehypeTableAlign)
    .use(rehypeStringify)
    .freeze();
}

function fileData(file: VFile): FileData {
  return file.data as unknown as FileData;
}

/** Records the first paragraph's text (for the excerpt) and the body's text. */
function remarkPlainText() {
  return (tree: MdastRoot, file: VFile) => {
    const data = fileData(file);
    const first = tree.children.find((n) => n.type === 'paragraph');
    // Raw HTML is never text a reader should see in an excerpt, whatever allow_html says.
    data.firstParagraph = first ? mdastText(first, { includeHtml: false }).replace(/\s+/g, ' ').trim() : '';
    data.text = mdastText(tree, { includeImageAlt: false, includeHtml: false });
  };
}

/**
 * Links to other articles, written as their .md file (relative path) or as slug:the-slug, become
 * placeholders; the catalog knows the targets' permalinks and render puts them in.
 */
function remarkArticleLinks() {
  return (tree: MdastRoot, file: VFile) => {
    const data = fileData(file);
    visit(tree, (node) => {
      if (node.type !== 'link' && node.type !== 'definition') return;
      const url = node.url;
      const hash = url.indexOf('#');
      const bare = hash === -1 ? url : url.slice(0, hash);
      const fragment = hash === -1 ? '' : url.slice(hash);
      let target: ArticleLink['target'] | null = null;
      if (bare.startsWith('slug:')) target = { kind: 'slug', value: bare.slice(5) };
      else if (isLocal(bare) && bare.toLowerCase().endsWith('.md')) {
        const decoded = safeDecode(bare);
        target = { kind: 'path', value: contentPath(data.rel, decoded) };
      }
      if (!target) return;
      const token = `#bp-link-${data.links.length}`;
      const start = node.position?.start;
      data.links.push({ target, fragment, token, line: (start?.line ?? 1) + data.lineOffset, column: start?.column ?? 1 });
      node.url = token;
    });
  };
}

/** Scripts, handlers and javascript: URLs go; iframes stay only for the hosts named in config. */
function sanitizeSchema(options: MarkdownOptions) {
  const iframe = options.allowHtml && options.iframeHosts.length > 0;
  return {
    ...defaultSchema,
    // Ids come from our own slugger and footnotes; keep them as they are so anchors match.
    clobberPrefix: '',
    tagNames: [...(defaultSchema.tagNames ?? []), ...(iframe ? ['iframe'] : []), 'figure', 'figcaption'],
    attributes: {
      ...defaultSchema.attributes,
      ...(iframe ? { iframe: ['src', 'title', 'width', 'height', 'allow', 'allowFullScreen'] } : {}),
    },
    protocols: { ...defaultSchema.protocols, ...(iframe ? { src: ['https'] } : {}) },
  };
}

/** The page's headline is the only h1; a "# Heading" in a body becomes an h2. */
function rehypeDemoteH1() {
  return (tree: HastRoot) => {
    visit(tree, 'element', (node: Element) => {
      if (node.tagName === 'h1') node.tagName = 'h2';
    });
  };
}

/** Relative and root-relative links and images point into content/; rewrite them under the base path. */
function rehypeLocalUrls(options: MarkdownOptions) {
  return (tree: HastRoot, file: VFile) => {
    const data = fileData(file);
    visit(tree, 'element', (node: Element) => {
      const attr = node.tagName === 'img' ? 'src' : node.tagName === 'a' ? 'href' : null;
      if (!attr) return;
      const value = node.properties[attr];
      if (typeof value !== 'string' || !isLocal(value)) return;
      const [pathPart = '', suffix = ''] = splitSuffix(value);
      const decoded = safeDecode(pathPart);
      const rel = contentPath(data.rel, decoded);
      const pos = position(node, data);
      if (rel.startsWith('..')) {
        data.problems.push({ kind: 'outside-content', ...pos, message: `"${value}" points outside the content folder` });
        return;
      }
      const isImage = node.tagName === 'img';
      const isFile = isImage || /\.[a-z0-9]+$/i.test(rel);
      if (isFile && !rel.endsWith('.md')) data.assets.push({ rel, image: isImage, ...pos });
      // rehypeMedia marks the image for render, which knows its variants.
      if (isImage) node.data = { ...node.data, contentRel: rel } as Element['data'];
      const target = rel === '.' ? '' : rel.replace(/\/$/, '') + (decoded.endsWith('/') ? '/' : '');
      node.properties[attr] = options.basePath + encodeURI(target) + suffix;
    });
  };
}

/**
 * Images load lazily and must describe themselves; a local image is wrapped in
 * <!--bp-image:N--> ... <!--/bp-image--> (sanitize has already removed the writer's comments) so
 * that render can put its responsive <picture> there. Iframes from unlisted hosts are removed.
 */
function rehypeMedia(options: MarkdownOptions) {
  return (tree: HastRoot, file: VFile) => {
    const data = fileData(file);
    visit(tree, 'element', (node: Element, index, parent) => {
      if (node.tagName === 'img') {
        const alt = node.properties.alt;
        if (typeof alt !== 'string' || alt.trim() === '') {
          data.problems.push({ kind: 'missing-alt', ...position(node, data), message: 'an image has no alt text' });
        }
        node.properties.alt = typeof alt === 'string' ? alt : '';
        node.properties.loading = 'lazy';
        node.properties.decoding = 'async';
        const rel = (node.data as { contentRel?: string } | undefined)?.contentRel;
        if (rel !== undefined && parent && index !== undefined) {
          const title = node.properties.title;
          const n = data.images.push({ rel, alt: node.properties.alt as string, title: typeof title === 'string' ? title : null }) - 1;
          parent.children.splice(index, 1, { type: 'comment', value: `bp-image:${n}` }, node, { type: 'comment', value: '/bp-image' });
          return [SKIP, index + 3];
        }
      }
      if (node.tagName === 'iframe' && parent && index !== undefined) {
        const src = String(node.properties.src ?? '');
        if (!hostAllowed(src, options.iframeHosts)) {
          parent.children.splice(index, 1);
          return [SKIP, index];
        }
        node.properties.loading = 'lazy';
      }
      return undefined;
    });
  };
}

/** GFM column alignment arrives as the obsolete align attribute; a class keeps it valid HTML. */
function rehypeTableAlign() {
  return (tree: HastRoot) => {
    visit(tree, 'element', (node: Element) => {
      if ((node.tagName === 'td' || node.tagName === 'th') && typeof node.properties.align === 'string') {
        node.properties.className = [`align-${node.properties.align}`];
        delete node.properties.align;
      }
    });
  };
}

function hostAllowed(src: string, hosts: readonly string[]): boolean {
  try {
    const u = new URL(src);
    return u.protocol === 'https:' && hosts.includes(u.hostname.toLowerCase());
  } catch {
    return false;
  }
}

function isLocal(url: string): boolean {
  return url !== '' && !url.startsWith('#') && !url.startsWith('//') && !/^[a-z][a-z0-9+.-]*:/i.test(url);
}

function splitSuffix(url: string): [string, string] {
  const i = url.search(/[?#]/);
  return i === -1 ? [url, ''] : [url.slice(0, i), url.slice(i)];
}

function safeDecode(s: string): string {
  try {
    return decodeURI(s);
  } catch {
    return s;
  }
}

function position(node: Element, data: FileData): { line: number; column: number } {
  const start = node.position?.start;
  return { line: (start?.line ?? 1) + data.lineOffset, column: start?.column ?? 1 };
}
