// Every user-facing problem is a BuildError: a plain, serializable record with a permanent code,
// a location and a hint. Stages collect them and keep going; only the CLI decides the exit code.
// Internal bugs stay ordinary thrown Errors.

export type Severity = 'error' | 'warning';

export interface BuildError {
  readonly code: ErrorCode;
  readonly severity: Severity;
  /** Path as the user should see it (relative to the working folder when inside it). */
  readonly file: string;
  /** 1-based line in the whole file (front matter positions already shifted). */
  readonly line: number;
  /** 1-based column. */
  readonly column: number;
  readonly message: string;
  readonly hint: string;
  /** The offending source line with a caret under the column, when the text was at hand. */
  readonly frame?: string;
}

/** The catalogue: code -> what to do about it. A code never changes meaning once published. */
export const CATALOGUE = {
  'config/missing': 'Create content/paper.yaml (see README "Paper config").',
  'config/yaml-syntax': 'Fix the YAML syntax at this position.',
  'config/invalid': 'See README "Paper config" for the allowed values.',
  'file/empty': 'Write front matter (title, date, section) and a body, or delete the file.',
  'file/binary': 'Only UTF-8 markdown belongs in content/*.md; move binary files out or rename them.',
  'file/encoding': 'Save the file as UTF-8.',
  'front-matter/missing': 'Start the file with a line "---", the YAML fields, and another "---".',
  'front-matter/unclosed': 'Add a line containing only "---" after the last front-matter field.',
  'front-matter/yaml-syntax': 'Fix the YAML syntax; quote values that contain ":" or start with a special character.',
  'front-matter/not-a-map': 'Front matter must be a list of "field: value" lines.',
  'front-matter/missing-field': 'Add the field; every article needs title, date and section.',
  'front-matter/invalid-field': 'See README "Front matter" for the expected type of this field.',
  'front-matter/invalid-date': 'Write an ISO 8601 date such as 2024-05-01 or 2024-05-01T17:05:00 (optionally with an offset like +07:00).',
  'front-matter/unknown-section': 'Use one of the sections declared in paper.yaml, or declare this one there.',
  'front-matter/invalid-slug': 'Use lowercase letters, digits and single hyphens, e.g. budget-vote-delayed.',
  'front-matter/unknown-field': 'Check the spelling; unknown fields are ignored.',
  'catalog/duplicate-slug': 'Give one of the articles a different "slug:" (slugs must be unique).',
  'catalog/duplicate-permalink': 'Two articles would be written to the same URL; change a slug or the permalink pattern.',
  'catalog/unknown-pin': 'Pin an existing article by its slug, or remove the entry from "related:".',
  'catalog/broken-link': 'Link to an existing article by its file (../national/budget-vote.md) or slug (slug:budget-vote), or remove the link.',
  'catalog/unsafe-permalink': 'Permalinks may only contain the placeholders and plain path segments; no "..".',
  'front-matter/missing-alt': 'Describe the image for readers who cannot see it: image: { src: ..., alt: "Boats on the river at dusk" }.',
  'markdown/missing-alt': 'Describe the image in the brackets: ![What the image shows](path.jpg).',
  'asset/missing': 'Add the file under content/ or fix the path (relative to the article, or /-rooted at content/).',
  'asset/unreadable-image': 'The file could not be decoded as an image: re-export it as JPEG or PNG, or fix the path.',
  'template/syntax': 'Fix the Liquid syntax in the template.',
  'template/render': 'Check the variable or filter name; templates see the fields listed in README "Templates".',
  'template/missing': 'Restore the template in the templates folder (copy it from the default theme).',
  'output/unsafe-dir': 'Choose an output folder that does not contain your content, templates or project.',
  'output/missing-shard': 'Run every shard (--shard 1/n ... n/n) with the same content, copy their output folders into this one, then run --shard final.',
} as const;

export type ErrorCode = keyof typeof CATALOGUE;

export interface Location {
  readonly file: string;
  readonly line?: number;
  readonly column?: number;
  readonly frame?: string;
}

/** Makes a BuildError; the hint defaults to the catalogue's. */
export function buildError(
  code: ErrorCode,
  at: Location,
  message: string,
  opts: { hint?: string; severity?: Severity } = {},
): BuildError {
  const err: BuildError = {
    code,
    severity: opts.severity ?? 'error',
    file: at.file,
    line: at.line ?? 1,
    column: at.column ?? 1,
    message,
    hint: opts.hint ?? CATALOGUE[code],
    ...(at.frame === undefined ? {} : { frame: at.frame }),
  };
  return err;
}

/** Turns a 0-based character offset into 1-based line/column plus a one-line code frame. */
export function locate(text: string, offset: number): { line: number; column: number; frame: string } {
  const safe = Math.max(0, Math.min(offset, text.length));
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < safe; i++) {
    if (text.charCodeAt(i) === 10) {
      line++;
      lineStart = i + 1;
    }
  }
  const end = text.indexOf('\n', lineStart);
  const source = text.slice(lineStart, end === -1 ? undefined : end).replace(/\r$/, '');
  const column = safe - lineStart + 1;
  return { line, column, frame: frameFor(line, source, column) };
}

/** A code frame for a known line: "  4 | date: 2024-02-30\n    |       ^". */
export function frameFor(line: number, source: string, column: number): string {
  const gutter = String(line);
  const pad = ' '.repeat(gutter.length);
  const caret = ' '.repeat(Math.max(0, column - 1)) + '^';
  return `  ${gutter} | ${source.slice(0, 200)}\n  ${pad} | ${caret}`;
}

/** Stable order for printing: file, line, column, code. */
export function sortErrors(errors: readonly BuildError[]): BuildError[] {
  return [...errors].sort(
    (a, b) =>
      a.file.localeCompare(b.file, 'en') || a.line - b.line || a.column - b.column || a.code.localeCompare(b.code, 'en'),
  );
}

/** One diagnostic as printed: `file:line:col  error  code  message`, its frame, and its hint. */
export function formatError(err: BuildError): string {
  const head = `${err.file}:${err.line}:${err.column}  ${err.severity}  ${err.code}  ${err.message}`;
  const frame = err.frame ? `\n${err.frame}` : '';
  return `${head}${frame}\n  hint: ${err.hint}`;
}

export function hasErrors(errors: readonly BuildError[]): boolean {
  return errors.some((e) => e.severity === 'error');
}
