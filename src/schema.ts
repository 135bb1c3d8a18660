// The one module that imports the schema library (zod). It turns schema issues into plain
// problems with a path, so callers can attach file positions.
import { z } from './vendor/front.js';

export { z };

export interface SchemaProblem {
  readonly path: readonly PropertyKey[];
  /** True when the value is absent (a required field is missing). */
  readonly missing: boolean;
  readonly message: string;
}

/** Validates `value`; returns the parsed data or every problem found. */
export function validate<T extends z.ZodType>(
  schema: T,
  value: unknown,
): { ok: true; data: z.output<T> } | { ok: false; problems: SchemaProblem[] } {
  const res = schema.safeParse(value);
  if (res.success) return { ok: true, data: res.data };
  const problems = res.error.issues.map((issue) => {
    const missing = issue.code === 'invalid_type' && /received undefined/.test(issue.message);
    return { path: issue.path, missing, message: missing ? 'is required' : lowerFirst(issue.message) };
  });
  return { ok: false, problems };
}

/** Keys of a plain object that are not among `known`. */
export function unknownKeys(value: unknown, known: readonly string[]): string[] {
  if (!value || typeof value !== 'object' || Array.isArray(value)) return [];
  return Object.keys(value).filter((k) => !known.includes(k));
}

/** "tags[1]" / "image.alt" style rendering of a schema path. */
export function pathLabel(path: readonly PropertyKey[]): string {
  let out = '';
  for (const seg of path) {
    if (typeof seg === 'number') out += `[${seg}]`;
    else out += out ? `.${String(seg)}` : String(seg);
  }
  return out || '(front matter)';
}

/** A string field that also accepts a YAML number or boolean (e.g. `title: 1984`). */
export const text = () =>
  z.preprocess((v) => (typeof v === 'number' || typeof v === 'boolean' ? String(v) : v), z.string());

function lowerFirst(s: string): string {
  return s.charAt(0).toLowerCase() + s.slice(1);
}
