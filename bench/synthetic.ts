// Synthetic newspaper archives for benchmarks: seeded, so every run measures the same paper.
// Text is word salad with news-like statistics (a Zipf-distributed general vocabulary, topical
// vocabularies, stop words, sentences and paragraphs), about `words` words per article.

export interface SyntheticArticle {
  readonly slug: string;
  readonly title: string;
  readonly summary: string;
  readonly body: string;
  readonly section: string;
  readonly tags: string[];
  readonly authors: string[];
  readonly epochMs: number;
  readonly topic: number;
}

export interface SyntheticOptions {
  readonly words?: number;
  readonly sections?: number;
  readonly tags?: number;
  readonly topics?: number;
  readonly seed?: number;
}

const SYLLABLES = ['ka', 'lo', 'mi', 'ten', 'ra', 'vo', 'su', 'pel', 'dan', 'ri', 'kor', 'na', 'bi', 'tas', 'mun', 'go', 'le', 'fir', 'pa', 'sen', 'ul', 'ko', 'dri', 'ma'];
const STOP = ['the', 'of', 'and', 'to', 'in', 'a', 'on', 'for', 'that', 'with', 'was', 'is', 'by', 'at', 'from', 'said', 'it', 'as', 'has', 'be'];
export const SECTION_NAMES = ['national', 'business', 'world', 'sport', 'culture', 'opinion', 'science', 'health'];

export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function zipfSampler(n: number, s: number, rand: () => number): () => number {
  const cdf = new Float64Array(n);
  let sum = 0;
  for (let i = 0; i < n; i++) cdf[i] = sum += 1 / (i + 1) ** s;
  return () => {
    const x = rand() * sum;
    let lo = 0;
    let hi = n - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (cdf[mid]! < x) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  };
}

export function* syntheticArticles(count: number, options: SyntheticOptions = {}): Generator<SyntheticArticle> {
  const words = options.words ?? 700;
  const rand = rng(options.seed ?? 1);
  const vocab: string[] = [];
  const seen = new Set<string>();
  while (vocab.length < 30_000) {
    let w = '';
    const n = 2 + Math.floor(rand() * 3);
    for (let i = 0; i < n; i++) w += SYLLABLES[Math.floor(rand() * SYLLABLES.length)];
    if (!seen.has(w)) {
      seen.add(w);
      vocab.push(w);
    }
  }
  const topics = options.topics ?? Math.max(20, Math.round(count / 40));
  const topicWords = Array.from({ length: Math.min(topics, 5000) }, () => Array.from({ length: 120 }, () => vocab[500 + Math.floor(rand() * 29_000)]!));
  const general = zipfSampler(vocab.length, 1.05, rand);
  const topical = zipfSampler(120, 0.9, rand);
  const tagCount = options.tags ?? 320;
  const tagNames = Array.from({ length: tagCount }, (_, i) => `Tag ${vocab[i * 7]} ${i}`);
  const sections = SECTION_NAMES.slice(0, options.sections ?? 8);
  const start = Date.UTC(2016, 0, 1);
  const span = 10 * 365 * 86_400_000;
  const word = (topic: number) => (rand() < 0.35 ? topicWords[topic]![topical()]! : rand() < 0.45 ? STOP[Math.floor(rand() * STOP.length)]! : vocab[general()]!);
  const sentence = (topic: number, len: number) => {
    let s = '';
    for (let i = 0; i < len; i++) s += (i ? ' ' : '') + word(topic);
    return `${s.charAt(0).toUpperCase()}${s.slice(1)}.`;
  };
  for (let i = 0; i < count; i++) {
    const topic = Math.floor(rand() * topicWords.length);
    const paragraphs: string[] = [];
    let n = 0;
    while (n < words) {
      const para: string[] = [];
      for (let s = 0; s < 3 && n < words; s++) {
        const len = 12 + Math.floor(rand() * 14);
        para.push(sentence(topic, len));
        n += len;
      }
      paragraphs.push(para.join(' '));
    }
    const tags: string[] = [];
    const nt = Math.floor(rand() * 5);
    for (let t = 0; t < nt; t++) tags.push(tagNames[(topic * 3 + Math.floor(rand() * 6)) % tagCount]!);
    yield {
      slug: `story-${String(i).padStart(6, '0')}`,
      title: sentence(topic, 8).slice(0, -1),
      summary: sentence(topic, 20),
      body: paragraphs.join('\n\n'),
      section: sections[topic % sections.length]!,
      tags: [...new Set(tags)],
      authors: [`Reporter ${topic % 300}`, ...(rand() < 0.2 ? [`Reporter ${Math.floor(rand() * 300)}`] : [])],
      epochMs: start + Math.floor(rand() * span),
      topic,
    };
  }
}
