// Where a path written in an article points inside the content folder: relative to the
// article's own file, or "/"-rooted at the content folder.
import path from 'node:path/posix';

/** The normalized content-relative path; it starts with ".." when it leaves the content folder. */
export function contentPath(fromRel: string, ref: string): string {
  return ref.startsWith('/') ? path.normalize(ref.slice(1)) : path.normalize(path.join(path.dirname(fromRel), ref));
}

/** Content-relative path of `ref` (query and fragment dropped); null if it escapes content/. */
export function resolveContentPath(fromRel: string, ref: string): string | null {
  const joined = contentPath(fromRel, ref.split(/[?#]/)[0] ?? ref);
  return joined.startsWith('..') ? null : joined;
}
