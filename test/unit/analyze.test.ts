// Text -> index terms: words, stop words, stems, scripts without spaces.
import { describe, expect, it } from 'vitest';
import { analyzeFields, countWords, forEachTerm, termDictionary, termHash } from '../../src/text/analyze.js';

const terms = (text: string, lang = 'en') => {
  const out: string[] = [];
  forEachTerm(text, lang, (t) => out.push(t));
  return out;
};

describe('analyze', () => {
  it('lower-cases, drops stop words, reporting verbs and numbers, and stems English', () => {
    expect(terms('The Floods were flooding 14 provinces, officials said.')).toEqual(['flood', 'flood', 'provinc', 'offici']);
  });

  it("drops possessive 's and keeps words with inner apostrophes whole", () => {
    expect(terms("Cambodia's farmers")).toEqual(['cambodia', 'farmer']);
  });

  it('splits Khmer into words with Intl.Segmenter, without stemming', () => {
    const out = terms('រដ្ឋាភិបាលបានប្រកាសផែនការ', 'km');
    expect(out).toEqual(['រដ្ឋាភិបាល', 'បាន', 'ប្រកាស', 'ផែនការ']);
  });

  it('does not stem other languages', () => {
    expect(terms('Floods', 'fr')).toEqual(['floods']);
  });

  it('weights fields into [hash, count] pairs sorted by hash, so the same text gives the same array', () => {
    const pairs = analyzeFields([{ text: 'Flood plan', weight: 3 }, { text: 'The flood rose.', weight: 1 }], 'en');
    const counts = new Map<number, number>();
    for (let i = 0; i < pairs.length; i += 2) counts.set(pairs[i]!, pairs[i + 1]!);
    expect(counts).toEqual(new Map([[termHash('flood'), 4], [termHash('plan'), 3], [termHash('rose'), 1]]));
    const hashes = Array.from(pairs.filter((_, i) => i % 2 === 0));
    expect(hashes).toEqual([...hashes].sort((a, b) => a - b));
    expect(analyzeFields([{ text: 'The flood rose. Flood plan', weight: 1 }], 'en')).toEqual(analyzeFields([{ text: 'The flood rose. Flood plan', weight: 1 }], 'en'));
  });

  it('gives the pairs that counting forEachTerm\'s terms gives, in every language, cached or not', () => {
    const reference = (fields: { text: string; weight: number }[], lang: string) => {
      const counts = new Map<number, number>();
      for (const f of fields) forEachTerm(f.text, lang, (t) => counts.set(termHash(t), (counts.get(termHash(t)) ?? 0) + f.weight));
      const keys = [...counts.keys()].sort((a, b) => a - b);
      return Int32Array.from(keys.flatMap((k) => [k, counts.get(k)!]));
    };
    const texts = ["Floods: the Mekong's floods rose 14 cm, officials said.", 'រដ្ឋាភិបាលបានប្រកាសផែនការ floods 2026', 'Les inondations et les floods à Phnom Penh', "O'Neill's dogs and a cat"];
    for (const lang of ['en', 'fr', 'km', 'en', 'fr']) {
      for (const text of texts) {
        const fields = [{ text: text.slice(0, 20), weight: 2 }, { text, weight: 1 }];
        expect(analyzeFields(fields, lang)).toEqual(reference(fields, lang));
      }
    }
    // English is stemmed and other languages are not, whichever was analyzed first.
    expect(analyzeFields([{ text: 'floods', weight: 1 }], 'fr')).toEqual(Int32Array.from([termHash('floods'), 1]));
    expect(analyzeFields([{ text: 'floods', weight: 1 }], 'en')).toEqual(Int32Array.from([termHash('flood'), 1]));
    expect(() => analyzeFields([{ text: 'floods', weight: 1.5 }], 'en')).toThrow(/whole number/);
  });

  it('maps hashes back to the words an editor can read', () => {
    const words = termDictionary(['Floods rose'], 'en');
    expect(words.get(termHash('flood'))).toBe('flood');
    expect(termHash('flood')).not.toBe(termHash('flooe'));
  });

  it('counts words in any script', () => {
    expect(countWords('Three small words', 'en')).toBe(3);
    expect(countWords('រដ្ឋាភិបាលបានប្រកាស and two', 'km')).toBe(5);
  });
});
