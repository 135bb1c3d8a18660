// URL names for tags and bylines: GitHub's slugger rules (lowercase, spaces to hyphens, letters
// of every script kept), so "Tonle Sap" -> tonle-sap and Khmer tags stay readable.
import { slug } from 'github-slugger';

// Every listing asks for every article's tag and byline slugs on every build; a paper has a few
// thousand distinct names at most, so they are remembered.
const memo = new Map<string, string>();

export function termSlug(name: string): string {
  let s = memo.get(name);
  if (s === undefined) {
    s = slug(name.trim()) || 'untitled';
    if (memo.size > 100_000) memo.clear();
    memo.set(name, s);
  }
  return s;
}
