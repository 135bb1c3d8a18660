// The one module that imports the template engine (LiquidJS). Templates are parsed once per
// build from in-memory text, so rendering never touches the disk and every error can name
// the template file, line and column.
import { Liquid, type Template } from 'liquidjs';
import { buildError, frameFor, type BuildError } from '../errors.js';

export interface TemplateSource {
  /** Name relative to the templates folder, e.g. "article.liquid". */
  readonly rel: string;
  /** Path for messages. */
  readonly path: string;
  readonly text: string;
}

export interface Templates {
  /** Renders a top-level template; a failure becomes a BuildError naming the template. */
  render(name: string, context: object): { html: string } | { error: BuildError };
}

export const REQUIRED_TEMPLATES = ['front.liquid', 'list.liquid', 'section.liquid', 'article.liquid', 'taxonomy.liquid', 'index.liquid', 'search.liquid', '404.liquid'] as const;

/** Parses every template up front so that all syntax errors are reported in one run. */
export function compileTemplates(sources: readonly TemplateSource[], globals: object): { templates: Templates | null; errors: BuildError[] } {
  const byText = new Map<string, TemplateSource>();
  const byName = new Map<string, TemplateSource>();
  const mapping: Record<string, string> = {};
  for (const s of sources) {
    byText.set(s.text, s);
    byName.set(s.rel, s);
    mapping[s.rel] = s.text;
  }
  const engine = new Liquid({
    templates: mapping,
    outputEscape: 'escape',
    strictVariables: true,
    strictFilters: true,
    lenientIf: true,
    ownPropertyOnly: true,
    cache: true,
    globals,
  });
  const errors: BuildError[] = [];
  const parsed = new Map<string, Template[]>();
  for (const s of sources) {
    try {
      parsed.set(s.rel, engine.parse(s.text, s.rel));
    } catch (e) {
      errors.push(toBuildError(e, 'template/syntax', s, byText));
    }
  }
  for (const name of REQUIRED_TEMPLATES) {
    if (!byName.has(name)) {
      errors.push(buildError('template/missing', { file: name }, `the template "${name}" is missing`));
    }
  }
  if (errors.length) return { templates: null, errors };
  return {
    templates: {
      render(name, context) {
        const tpl = parsed.get(name);
        const source = byName.get(name);
        if (!tpl || !source) return { error: buildError('template/missing', { file: name }, `the template "${name}" is missing`) };
        try {
          return { html: engine.renderSync(tpl, context) as string };
        } catch (e) {
          return { error: toBuildError(e, 'template/render', source, byText) };
        }
      },
    },
    errors,
  };
}

interface TokenLike {
  input?: string;
  file?: string;
  getPosition?: () => [number, number];
}

/** Finds the innermost Liquid error and names the template whose text it came from. */
function toBuildError(
  e: unknown,
  code: 'template/syntax' | 'template/render',
  fallback: TemplateSource,
  byText: Map<string, TemplateSource>,
): BuildError {
  let err = e as { message?: string; token?: TokenLike; originalError?: unknown };
  while (err.originalError && typeof err.originalError === 'object' && (err.originalError as { token?: unknown }).token) {
    err = err.originalError as typeof err;
  }
  const token = err.token;
  const source = (token?.input !== undefined ? byText.get(token.input) : undefined) ?? fallback;
  const [line, column] = token?.getPosition?.() ?? [1, 1];
  const message = String(err.message ?? e).replace(/, (file:[^,]*, )?line:\d+, col:\d+$/, '');
  const sourceLine = source.text.split('\n')[line - 1] ?? '';
  return buildError(code, { file: source.path, line, column, frame: frameFor(line, sourceLine.replace(/\r$/, ''), column) }, message);
}
