// Splits a source into front matter and body (gray-matter) and parses the YAML with positions.
import { matter } from '../vendor/front.js';
import { buildError, locate, type BuildError } from '../errors.js';
import type { SourceFile } from '../model.js';
import { parseYaml, type YamlResult } from '../yaml.js';

export interface FrontMatter {
  readonly data: Record<string, unknown>;
  readonly yaml: YamlResult;
  /** Offset of the YAML text within the whole file. */
  readonly yamlOffset: number;
  readonly body: string;
  /** Lines before the body's first line. */
  readonly bodyLineOffset: number;
}

export function splitFrontMatter(source: SourceFile): { fm: FrontMatter | null; errors: BuildError[] } {
  const text = source.text;
  const file = source.path;
  if (!/^---[ \t]*\r?\n/.test(text)) {
    return { fm: null, errors: [buildError('front-matter/missing', { file, ...locate(text, 0) }, 'the file does not start with front matter ("---")')] };
  }
  // Passing options also stops gray-matter from caching and sharing results between files.
  const parsed = matter(text, { engines: { yaml: () => ({}) }, language: 'yaml' });
  const yamlText = parsed.matter ?? '';
  const yamlOffset = 3;
  const rest = text.slice(yamlOffset + yamlText.length);
  if (!/^\r?\n---/.test(rest) && !(yamlText === '' && rest.startsWith('---'))) {
    return { fm: null, errors: [buildError('front-matter/unclosed', { file, ...locate(text, 0) }, 'the front matter is never closed with a "---" line')] };
  }
  const yaml = parseYaml(yamlText);
  const at = (offset: number) => ({ file, ...locate(text, yamlOffset + offset) });
  if (yaml.errors.length) {
    return { fm: null, errors: yaml.errors.map((p) => buildError('front-matter/yaml-syntax', at(p.offset), p.message)) };
  }
  const value = yaml.value ?? {};
  if (typeof value !== 'object' || Array.isArray(value) || value === null) {
    return { fm: null, errors: [buildError('front-matter/not-a-map', at(yaml.offsetOf([]) ?? 0), 'the front matter is not a map of fields')] };
  }
  const body = parsed.content;
  const bodyStart = text.length - body.length;
  const bodyLineOffset = countLines(text, bodyStart);
  return { fm: { data: value as Record<string, unknown>, yaml, yamlOffset, body, bodyLineOffset }, errors: [] };
}

function countLines(text: string, end: number): number {
  let n = 0;
  for (let i = 0; i < end; i++) if (text.charCodeAt(i) === 10) n++;
  return n;
}
