// Text -> terms for the related-stories engine (and later search helpers). The one module that
// imports the stemmer and the stop-word list.
//
// Intl.Segmenter finds words in scripts written without spaces (Khmer, Thai, Lao, Burmese,
// Chinese, Japanese), but it is slow and grows worse than linearly with the length of its input,
// so it only ever sees the short runs of such scripts; everything else is split by a regular
// expression, which is about a hundred times faster on English.
import { stemmer } from 'stemmer';
import { eng } from 'stopword';

const WORD = /[\p{L}\p{N}][\p{L}\p{M}\p{N}]*(?:['’][\p{L}\p{M}]+)*/gu;
const UNSPACED = /[\u0E00-\u0EFF\u1000-\u109F\u1780-\u17FF\u19E0-\u19FF\u3040-\u30FF\u3400-\u4DBF\u4E00-\u9FFF]/u;
const DIGITS = /^\p{N}+$/u;
// Reporting verbs are in nearly every news story and say nothing about its topic.
const NEWSROOM_STOP = ['said', 'says', 'told', 'saying', 'according', 'added', 'mr', 'ms', 'mrs'];

const stopWords = new Set([...eng, ...NEWSROOM_STOP]);
const stemCache = new Map<string, string>();
const segmenters = new Map<string, Intl.Segmenter>();

/** A field of an article and how much one of its words counts (titles count for more). */
export interface Field {
  readonly text: string;
  /** A whole number, 1 or more. */
  readonly weight: number;
}

/** Each term's hash, once for each time it counts: sorted, then counted in one pass. */
let occurrences = new Int32Array(1 << 14);

/**
 * The article's terms with their weighted counts, compact and serializable (structured clone,
 * v8.serialize): pairs [hash, count, hash, count, ...] sorted by hash, where hash is termHash of
 * the term. Interning integers is several times faster than interning strings when the related
 * stage builds its vocabulary, and a 32-bit hash collides about once in a few hundred thousand
 * distinct terms, which merges two rare words and changes nothing a reader could see.
 */
export function analyzeFields(fields: readonly Field[], language: string): Int32Array {
  // A hash table of counts cost a fifth of the parse stage's analysis; sorting a typed array of
  // hashes and counting runs gives the same pairs.
  let n = 0;
  for (const field of fields) {
    const weight = field.weight;
    if (!Number.isInteger(weight) || weight < 1) throw new Error(`internal: a field's weight must be a whole number, 1 or more, not ${weight}`);
    forEachTermHash(field.text, language, (h) => {
      if (n + weight > occurrences.length) {
        const bigger = new Int32Array(Math.max(occurrences.length * 2, n + weight));
        bigger.set(occurrences.subarray(0, n));
        occurrences = bigger;
      }
      for (let k = 0; k < weight; k++) occurrences[n++] = h;
    });
  }
  const sorted = occurrences.subarray(0, n).sort();
  let distinct = 0;
  for (let i = 0; i < n; i++) if (i === 0 || sorted[i] !== sorted[i - 1]) distinct++;
  const out = new Int32Array(distinct * 2);
  let at = -2;
  for (let i = 0; i < n; i++) {
    if (i === 0 || sorted[i] !== sorted[i - 1]) {
      at += 2;
      out[at] = sorted[i]!;
    }
    out[at + 1]!++;
  }
  return out;
}

/** FNV-1a over the UTF-16 code units, as a signed 32-bit integer. */
export function termHash(term: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < term.length; i++) {
    h ^= term.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h | 0;
}

/** Hash -> term for every term of `text`, to show an editor which words matched. */
export function termDictionary(texts: readonly string[], language: string): Map<number, string> {
  const out = new Map<number, string>();
  for (const text of texts) forEachTerm(text, language, (t) => out.set(termHash(t), t));
  return out;
}

/** Calls `fn` for every index term of `text`: lower-cased, stop words dropped, English stemmed. */
export function forEachTerm(text: string, language: string, fn: (term: string) => void): void {
  const english = language === 'en' || language.startsWith('en-');
  const lower = text.toLowerCase();
  WORD.lastIndex = 0;
  let m: RegExpExecArray | null;
  while ((m = WORD.exec(lower)) !== null) {
    const token = m[0];
    if (UNSPACED.test(token)) {
      for (const s of segmenter(language).segment(token)) if (s.isWordLike && !DIGITS.test(s.segment)) fn(s.segment);
      continue;
    }
    const word = token.replace(/['’]s$/u, '');
    if (word.length < 2 || stopWords.has(word) || DIGITS.test(word)) continue;
    fn(english ? stem(word) : word);
  }
}

/**
 * What a token (a match of WORD in lower-cased text) is, by language kind (English is stemmed):
 * its term's hash, null when it is no term (a stop word, a number, a single letter), or false
 * when it is written without spaces and must be segmented each time. One lookup per word instead
 * of a stop-word lookup, a stem lookup and a hash of the stem.
 */
const tokenTerms = { english: new Map<string, number | null | false>(), other: new Map<string, number | null | false>() };

/** forEachTerm, giving each term's hash (termHash) instead of the term. */
function forEachTermHash(text: string, language: string, fn: (hash: number) => void): void {
  const english = language === 'en' || language.startsWith('en-');
  const known = english ? tokenTerms.english : tokenTerms.other;
  const lower = text.toLowerCase();
  WORD.lastIndex = 0;
  let m: RegExpExecArray | null;
  while ((m = WORD.exec(lower)) !== null) {
    const token = m[0];
    let term = known.get(token);
    if (term === undefined) {
      term = tokenTerm(token, english);
      if (known.size < 500_000) known.set(ownCopy(token), term);
    }
    if (term === false) {
      for (const s of segmenter(language).segment(token)) if (s.isWordLike && !DIGITS.test(s.segment)) fn(termHash(s.segment));
    } else if (term !== null) {
      fn(term);
    }
  }
}

/** What forEachTerm makes of one token, as tokenTerms keeps it. */
function tokenTerm(token: string, english: boolean): number | null | false {
  if (UNSPACED.test(token)) return false;
  const word = token.replace(/['’]s$/u, '');
  if (word.length < 2 || stopWords.has(word) || DIGITS.test(word)) return null;
  return termHash(english ? stemOf(word) : word);
}

/** Words (not terms) in `text`, counted the same way for every script. */
export function countWords(text: string, language: string): number {
  let n = 0;
  WORD.lastIndex = 0;
  let m: RegExpExecArray | null;
  while ((m = WORD.exec(text)) !== null) {
    if (UNSPACED.test(m[0])) {
      for (const s of segmenter(language).segment(m[0])) if (s.isWordLike) n++;
    } else {
      n++;
    }
  }
  return n;
}

/**
 * `run`, a stretch of a script written without spaces, cut where Intl.Segmenter finds word
 * boundaries: every piece (words and the punctuation between them) in order, so joining the
 * pieces gives `run` back.
 */
export function segmentRun(run: string, language: string): string[] {
  return Array.from(segmenter(language).segment(run), (s) => s.segment);
}

/** One character of a script written without spaces (Thai, Lao, Burmese, Khmer, kana, Han). */
export const UNSPACED_CHAR = UNSPACED;
/** Matches each maximal run of characters from scripts written without spaces. */
export const UNSPACED_RUN = new RegExp(`${UNSPACED.source}+`, 'gu');

function stem(word: string): string {
  let s = stemCache.get(word);
  if (s === undefined) {
    const key = ownCopy(word);
    s = stemOf(key);
    if (stemCache.size < 500_000) stemCache.set(key, s);
  }
  return s;
}

function stemOf(word: string): string {
  return /^[a-z]+$/.test(word) ? stemmer(word) : word;
}

/**
 * `s` as a string of its own. V8 makes a slice of 13 or more characters a view into the string
 * it was cut from, so a long word kept in the stem cache would keep its whole article's text
 * alive (45 MB of article texts on a 10k paper, in a heap snapshot after render).
 */
function ownCopy(s: string): string {
  return s.length < 13 ? s : s.split('').join('');
}

/** One word segmenter per language: making one costs more than segmenting a short text. */
export function segmenter(language: string): Intl.Segmenter {
  let s = segmenters.get(language);
  if (!s) {
    s = new Intl.Segmenter(language, { granularity: 'word' });
    segmenters.set(language, s);
  }
  return s;
}
