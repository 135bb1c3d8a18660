// The one module that imports the YAML parser. It keeps source positions so that errors in
// front matter and config can point at the exact line and column of the offending value.
import type { Document, Node } from 'yaml';
import { parseDocument, isMap, isSeq, isPair, isScalar, visit, Scalar } from './vendor/front.js';

export interface YamlProblem {
  readonly offset: number;
  readonly message: string;
}

export interface YamlResult {
  readonly value: unknown;
  readonly errors: readonly YamlProblem[];
  /**
   * Offset (within the parsed text) of the value at `path`, or of its key when `key` is true.
   * Falls back to the deepest existing ancestor; undefined when not even the root exists.
   */
  offsetOf(path: readonly PropertyKey[], key?: boolean): number | undefined;
}

/** Parses YAML 1.2 (core schema: dates stay strings) without throwing. */
export function parseYaml(text: string): YamlResult {
  const doc = parseDocument(text, { prettyErrors: false, uniqueKeys: true });
  const errors = doc.errors.map((e) => ({
    offset: e.code === 'MISSING_CHAR' ? openingQuote(doc, e.pos[0]) : e.pos[0],
    message: (e.message.split(' at line ')[0] ?? e.message).trim(),
  }));
  const value = errors.length === 0 ? doc.toJS({ maxAliasCount: 100 }) : undefined;
  return {
    value,
    errors,
    offsetOf(path, key = false) {
      let node: unknown = doc.contents;
      let best: number | undefined = rangeStart(node);
      for (let i = 0; i < path.length; i++) {
        const seg = path[i];
        const last = i === path.length - 1;
        if (isMap(node)) {
          const pair = node.items.find((p) => isPair(p) && isScalar(p.key) && String(p.key.value) === String(seg));
          if (!pair) return best;
          if (last && key) return rangeStart(pair.key) ?? best;
          node = pair.value;
          best = rangeStart(node) ?? rangeStart(pair.key) ?? best;
        } else if (isSeq(node) && typeof seg === 'number') {
          node = node.items[seg];
          best = rangeStart(node) ?? best;
        } else {
          return best;
        }
      }
      return best;
    },
  };
}

/**
 * YAML lets quoted strings span lines, so an unclosed quote is only noticed lines later; point
 * at the quote that was opened instead, which is where the writer has to look.
 */
function openingQuote(doc: Document, pos: number): number {
  let best = pos;
  visit(doc, {
    Scalar(_key, node) {
      const quoted = node.type === Scalar.QUOTE_DOUBLE || node.type === Scalar.QUOTE_SINGLE;
      if (quoted && node.range && node.range[0] < pos && pos <= node.range[2] + 1) best = node.range[0];
    },
  });
  return best;
}

function rangeStart(node: unknown): number | undefined {
  const range = (node as Node | null | undefined)?.range;
  return range ? range[0] : undefined;
}
