// The markdown stack (unified, remark, rehype, micromark and their helpers), imported from one
// module. From source these are re-exports; `npm run build:ts` then bundles the compiled file
// into one (scripts/bundle-vendor.mjs), because loading the stack's ~300 small files took
// ~150-210 ms of every thread that parses (the helper, each parse worker), against ~35 ms for
// one file. The packages stay in package.json: this is how they are loaded, not a copy to edit.
export { toString as mdastText } from 'mdast-util-to-string';
export { gfmAutolinkLiteralFromMarkdown } from 'mdast-util-gfm-autolink-literal';
export { gfmFootnoteFromMarkdown } from 'mdast-util-gfm-footnote';
export { gfmStrikethroughFromMarkdown } from 'mdast-util-gfm-strikethrough';
export { gfmTableFromMarkdown } from 'mdast-util-gfm-table';
export { gfmTaskListItemFromMarkdown } from 'mdast-util-gfm-task-list-item';
export { gfmAutolinkLiteral } from 'micromark-extension-gfm-autolink-literal';
export { gfmFootnote } from 'micromark-extension-gfm-footnote';
export { gfmStrikethrough } from 'micromark-extension-gfm-strikethrough';
export { gfmTable } from 'micromark-extension-gfm-table';
export { gfmTaskListItem } from 'micromark-extension-gfm-task-list-item';
export { combineExtensions } from 'micromark-util-combine-extensions';
export { default as rehypeExternalLinks } from 'rehype-external-links';
export { default as rehypeRaw } from 'rehype-raw';
export { default as rehypeSanitize, defaultSchema } from 'rehype-sanitize';
export { default as rehypeSlug } from 'rehype-slug';
export { default as rehypeStringify } from 'rehype-stringify';
export { default as remarkGfm } from 'remark-gfm';
export { default as remarkParse } from 'remark-parse';
export { default as remarkRehype } from 'remark-rehype';
export { unified } from 'unified';
export { visit, SKIP } from 'unist-util-visit';
export { VFile } from 'vfile';
