// URL names for tags and bylines: GitHub's slugger rules (lowercase, spaces to hyphens, letters
// of every script kept), so "Tonle Sap" -> tonle-sap and Khmer tags stay readable.
import { slug } from 'github-slugger';

export function termSlug(name: string): string {
  return slug(name.trim()) || 'untitled';
}
