// Pagefind finds words at whitespace, and segments only Chinese, Japanese and Thai itself (and
// only when the index is in that language). Khmer, Lao, Burmese, and every unspaced script in an
// index of another language, would go in as whole phrases: a reader's word would match only
// at the start of one. So the copy of each page given to Pagefind has a space between every two
// words of such runs, cut by Intl.Segmenter as the related-stories engine cuts them, and the
// search page (templates/assets/search.js) cuts the reader's query the same way.
//
// Inserted spaces would show in result excerpts, where Khmer readers expect none. A space the
// writer typed between two unspaced runs is therefore kept as " \u2060 " (a word joiner, which
// Pagefind keeps as a word of its own), so the search page can remove every other space between
// two such characters and restore the writer's text exactly.
import { segmentRun, UNSPACED_CHAR, UNSPACED_RUN } from '../text/analyze.js';

/** Marks a space the writer typed between two characters of unspaced scripts. */
export const KEPT_SPACE = '\u2060';

const TYPED_SPACE = new RegExp(`(?<=${UNSPACED_CHAR.source}) (?=${UNSPACED_CHAR.source})`, 'gu');

/** `text` with its unspaced runs cut into space-separated words; unchanged when it has none. */
export function spaceWords(text: string, language: string): string {
  if (!UNSPACED_CHAR.test(text)) return text;
  return text.replace(TYPED_SPACE, ` ${KEPT_SPACE} `).replace(UNSPACED_RUN, (run) => segmentRun(run, language).join(' '));
}
