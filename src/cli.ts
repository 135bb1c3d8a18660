// commander only: flags -> build(), prints diagnostics, returns the exit code.
// The pipeline is imported lazily so that `--version` and `--help` start fast.
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import path from 'node:path';
import { Command, CommanderError, Option } from 'commander';
import type { Shard } from './render/index.js';

export const EXIT = { ok: 0, content: 1, usage: 2 } as const;

interface BuildFlags {
  content: string;
  templates?: string;
  out: string;
  baseUrl?: string;
  drafts?: boolean;
  future?: boolean;
  quiet?: boolean;
  verbose?: boolean;
  watch?: boolean;
  cache: boolean;
  cacheDir: string;
}

function version(): string {
  const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string };
  return pkg.version;
}

/** The build clock: SOURCE_DATE_EPOCH (seconds, the reproducible-builds convention) or now. */
function buildTime(env: NodeJS.ProcessEnv): number {
  const raw = env.SOURCE_DATE_EPOCH;
  if (raw && /^\d+$/.test(raw)) return Number(raw) * 1000;
  return Date.now();
}

export async function main(argv: readonly string[], env: NodeJS.ProcessEnv = process.env): Promise<number> {
  let code: number = EXIT.ok;
  const program = new Command('build-paper')
    .description('Build a newspaper site from markdown articles.')
    .version(version(), '-V, --version')
    .exitOverride()
    .showHelpAfterError('(run build-paper --help for usage)');

  const addBuildOptions = (cmd: Command) =>
    cmd
      .option('--content <dir>', 'folder with paper.yaml and the articles', 'content')
      .option('--templates <dir>', 'folder with the theme (Liquid templates and assets/); default: ./templates, else the built-in theme')
      .option('--out <dir>', 'output folder; build-paper owns it', 'dist')
      .option('--base-url <url>', 'public URL of the site, e.g. https://example.org/paper/ (overrides paper.yaml)')
      .option('--drafts', 'also publish articles marked draft: true')
      .option('--future', 'also publish articles dated after the build time (preview an embargo)')
      .addOption(new Option('--quiet', 'print only errors').conflicts('verbose'))
      .option('--verbose', 'print stage timings, memory and file counts')
      .option('--cache-dir <dir>', 'persistent parse cache; safe to delete, restore it in CI', '.cache/build-paper')
      .option('--no-cache', 'neither read nor write the persistent cache');

  addBuildOptions(program.command('build', { isDefault: true }).description('build the site into the output folder (default)'))
    .option('--watch', 'rebuild whenever content, templates or the config change')
    .addOption(new Option('--shard <i/n|final>', 'render only shard i of n of the article pages; "final" renders the rest once the shards\' folders are merged into the output folder').conflicts('watch'))
    .action(async (flags: BuildFlags & { shard?: string }) => {
      if (flags.shard !== undefined) {
        const shard = parseShard(flags.shard);
        if (!shard) {
          process.stderr.write(`--shard must be i/n with 1 <= i <= n (e.g. 2/4), or "final"; got "${flags.shard}"\n`);
          code = EXIT.usage;
          return;
        }
        code = await runBuild(flags, env, shard);
        return;
      }
      code = flags.watch ? await runWatch(flags, env, null) : await runBuild(flags, env);
    });

  addBuildOptions(program.command('serve').description('build, serve the site on 127.0.0.1:4321, and rebuild and reload on every save'))
    .option('--port <n>', 'port to listen on', '4321')
    .option('--host <host>', 'address to listen on (loopback unless you say otherwise)', '127.0.0.1')
    .action(async (flags: BuildFlags & { port: string; host: string }) => {
      const port = Number(flags.port);
      if (!Number.isInteger(port) || port < 0 || port > 65535) {
        process.stderr.write(`--port must be a number from 0 to 65535, got "${flags.port}"\n`);
        code = EXIT.usage;
        return;
      }
      code = await runWatch(flags, env, { host: flags.host, port });
    });

  program
    .command('related <slug>')
    .description("print an article's related-stories block, and with --explain why each story is there")
    .option('--content <dir>', 'folder with paper.yaml and the articles', 'content')
    .option('--drafts', 'treat drafts as published')
    .option('--explain', 'break each score into its parts: matched terms, tags, section, authors, recency, pins')
    .option('--json', 'print machine-readable JSON')
    .action(async (slug: string, flags: RelatedFlags) => {
      code = await runRelated(slug, flags, env);
    });

  program
    .command('schedule')
    .description('list what goes public (embargoes) or comes down (expiries) next, for a CI scheduler')
    .option('--content <dir>', 'folder with paper.yaml and the articles', 'content')
    .option('--json', 'print machine-readable JSON')
    .action(async (flags: { content: string; json?: boolean }) => {
      code = await runSchedule(flags, env);
    });

  program
    .command('new <headline>')
    .description('create an article file with valid front matter (a draft) and print its path')
    .requiredOption('--section <slug>', 'the section, as declared in paper.yaml')
    .option('--content <dir>', 'folder with paper.yaml and the articles', 'content')
    .action(async (headline: string, flags: { section: string; content: string }) => {
      code = await runNew(headline, flags, env);
    });

  try {
    await program.parseAsync([...argv]);
  } catch (e) {
    if (e instanceof CommanderError) {
      return e.exitCode === 0 ? EXIT.ok : EXIT.usage;
    }
    throw e;
  }
  return code;
}

/** The build options every build-like command takes from its flags. */
function folders(flags: BuildFlags, cwd: string) {
  return {
    cwd,
    contentDir: path.resolve(cwd, flags.content),
    templatesDir: templatesDir(flags.templates, cwd),
    outDir: path.resolve(cwd, flags.out),
    ...(flags.baseUrl ? { baseUrl: flags.baseUrl } : {}),
    drafts: Boolean(flags.drafts),
    future: Boolean(flags.future),
  };
}

/** Watches (and serves) until Ctrl-C; the process survives any content or template error. */
async function runWatch(flags: BuildFlags, env: NodeJS.ProcessEnv, serve: { host: string; port: number } | null): Promise<number> {
  const { watchPaper } = await import('./watch/index.js');
  const cwd = process.cwd();
  const session = await watchPaper({
    build: folders(flags, cwd),
    clock: () => buildTime(env),
    ...(serve ? { serve } : {}),
    log: (line) => process.stderr.write(`${line}\n`),
  });
  process.stderr.write(session.url ? `Serving ${session.url} (Ctrl-C to stop)\n` : 'Watching for changes (Ctrl-C to stop)\n');
  await new Promise<void>((resolve) => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
  });
  await session.close();
  return EXIT.ok;
}

/** "2/4" -> { index: 2, count: 4 }; "final"; null when neither. */
export function parseShard(text: string): Shard | null {
  if (text === 'final') return 'final';
  const m = /^(\d{1,4})\/(\d{1,4})$/.exec(text);
  if (!m) return null;
  const index = Number(m[1]);
  const count = Number(m[2]);
  return index >= 1 && index <= count ? { index, count } : null;
}

async function runBuild(flags: BuildFlags, env: NodeJS.ProcessEnv, shard?: Shard): Promise<number> {
  const [{ build }, { formatError }, pc, { createProgress }] = await Promise.all([import('./build.js'), import('./errors.js'), import('picocolors'), import('./progress.js')]);
  const color = pc.default.createColors(Boolean(process.stderr.isTTY) && !env.NO_COLOR);
  const cwd = process.cwd();
  const progress = flags.quiet ? null : createProgress({ write: (t) => process.stderr.write(t), terminal: Boolean(process.stderr.isTTY) });
  const result = await build({
    ...(progress ? { onProgress: progress.update } : {}),
    ...folders(flags, cwd),
    now: buildTime(env),
    cacheDir: flags.cache ? path.resolve(cwd, flags.cacheDir) : null,
    ...(shard ? { shard } : {}),
  });
  progress?.end();
  const errors = result.diagnostics.filter((d) => d.severity === 'error');
  const warnings = result.diagnostics.filter((d) => d.severity === 'warning');
  for (const d of result.diagnostics) {
    if (flags.quiet && d.severity !== 'error') continue;
    const text = formatError(d);
    process.stderr.write(`${d.severity === 'error' ? color.red(text) : color.yellow(text)}\n\n`);
  }
  if (flags.verbose) {
    for (const t of result.timings) {
      const share = result.ms > 0 ? (t.ms / result.ms) * 100 : 0;
      const flag = share > 60 && result.ms > 500 ? '  <- dominates the build' : '';
      // Peak RSS so far: the stage where it jumps is the one that took the memory.
      process.stdout.write(`  ${t.stage.padEnd(8)} ${t.ms.toFixed(1).padStart(8)} ms ${share.toFixed(0).padStart(3)}%   peak ${t.peakMiB.toFixed(0).padStart(5)} MiB, heap ${t.heapMiB.toFixed(0).padStart(5)} MiB${flag}\n`);
    }
  }
  const secs = (result.ms / 1000).toFixed(1);
  if (!result.ok) {
    process.stderr.write(color.red(`Build failed: ${plural(errors.length, 'error')}${warnings.length ? `, ${plural(warnings.length, 'warning')}` : ''}. ${flags.out}/ was left as it was.\n`));
    return EXIT.content;
  }
  if (!flags.quiet) {
    const out = path.relative(cwd, path.resolve(cwd, flags.out)) || '.';
    const extra = flags.verbose ? ` (${result.parsed} parsed, ${result.written} written, ${result.unchanged} unchanged, ${result.removed} removed; images: ${result.images.processed} encoded, ${result.images.cached} from cache)` : '';
    const warn = warnings.length ? `, ${plural(warnings.length, 'warning')}` : '';
    process.stdout.write(`Built ${plural(result.articles, 'article')}, ${plural(result.pages, 'page')} in ${secs} s -> ${out}/${extra}${warn}\n`);
  }
  return EXIT.ok;
}

/** An explicit --templates wins; else the project's templates/; else the theme shipped with build-paper. */
function templatesDir(flag: string | undefined, cwd: string): string {
  if (flag) return path.resolve(cwd, flag);
  const local = path.resolve(cwd, 'templates');
  return existsSync(local) ? local : fileURLToPath(new URL('../templates', import.meta.url));
}

interface RelatedFlags {
  content: string;
  drafts?: boolean;
  explain?: boolean;
  json?: boolean;
}

/**
 * Reads the paper for a command that does not build it (related, schedule, new), printing its
 * errors. `paper` is null when it could not be read; `failed` when any file had an error.
 */
async function readForCommand(options: import('./build.js').PaperOptions) {
  const [{ readPaper }, { formatError }] = await Promise.all([import('./build.js'), import('./errors.js')]);
  const diagnostics: import('./errors.js').BuildError[] = [];
  const paper = await readPaper(options, diagnostics);
  const errors = diagnostics.filter((d) => d.severity === 'error');
  for (const d of errors) process.stderr.write(`${formatError(d)}\n\n`);
  return { paper, failed: errors.length > 0 };
}

async function runRelated(slug: string, flags: RelatedFlags, env: NodeJS.ProcessEnv): Promise<number> {
  const [{ relatedIndex }, { explainBlock, formatExplanation }, { termDictionary }] = await Promise.all([
    import('./related/index.js'),
    import('./related/explain.js'),
    import('./text/analyze.js'),
  ]);
  const cwd = process.cwd();
  // The build's clock, so that the blocks are the site's: an embargoed or expired article is
  // neither explained nor shown, and does not weigh in the statistics.
  const { paper, failed } = await readForCommand({ cwd, contentDir: path.resolve(cwd, flags.content), drafts: Boolean(flags.drafts), now: buildTime(env) });
  if (!paper || failed) return EXIT.content;
  const id = paper.catalog.bySlug[slug];
  if (id === undefined) {
    process.stderr.write(`No published article has the slug "${slug}" at this build time. (Drafts need --drafts; an embargoed or expired article is not published.)\n`);
    return EXIT.content;
  }
  // Only this article's block is wanted: build the index, not every article's block.
  const index = relatedIndex(paper.catalog, paper.config.related);
  const block = index.related(id);
  // Only the article and its block are re-read to turn matched term hashes back into words.
  const texts = paper.content.sources.filter((s) => s.rel === id || block.includes(s.rel)).map((s) => s.text);
  const explanation = explainBlock(index, paper.catalog, paper.config.related, id, termDictionary(texts, paper.config.language));
  process.stdout.write(flags.json ? `${JSON.stringify(explanation, null, 2)}\n` : formatExplanation(explanation, Boolean(flags.explain)));
  return EXIT.ok;
}

async function runSchedule(flags: { content: string; json?: boolean }, env: NodeJS.ProcessEnv): Promise<number> {
  const { upcoming } = await import('./catalog/schedule.js');
  const cwd = process.cwd();
  const now = buildTime(env);
  const { paper, failed } = await readForCommand({ cwd, contentDir: path.resolve(cwd, flags.content), now });
  if (!paper || failed) return EXIT.content;
  const events = upcoming(paper.articles, now);
  if (flags.json) {
    process.stdout.write(`${JSON.stringify({ now: new Date(now).toISOString(), next: events[0]?.at ?? null, events }, null, 2)}\n`);
  } else if (events.length === 0) {
    process.stdout.write('Nothing scheduled: no embargoed or expiring articles.\n');
  } else {
    for (const e of events) process.stdout.write(`${e.at}  ${e.event.padEnd(7)}  ${e.slug}  ${e.title}\n`);
    process.stdout.write(`Next rebuild needed at ${events[0]!.at}\n`);
  }
  return EXIT.ok;
}

async function runNew(headline: string, flags: { section: string; content: string }, env: NodeJS.ProcessEnv): Promise<number> {
  const [{ newArticle }, fs] = await Promise.all([import('./catalog/new.js'), import('node:fs/promises')]);
  const cwd = process.cwd();
  const contentDir = path.resolve(cwd, flags.content);
  // Errors in other articles are shown but do not stop a writer from starting a new one.
  const { paper } = await readForCommand({ cwd, contentDir });
  if (!paper) return EXIT.content;
  const made = newArticle(headline, flags.section, paper.config, paper.articles.map((a) => a.slug), buildTime(env));
  if ('error' in made) {
    process.stderr.write(`${made.error}\n`);
    return EXIT.content;
  }
  const file = path.join(contentDir, made.rel);
  await fs.mkdir(path.dirname(file), { recursive: true });
  try {
    await fs.writeFile(file, made.text, { flag: 'wx' });
  } catch {
    process.stderr.write(`${path.relative(cwd, file)} already exists; choose another headline.\n`);
    return EXIT.content;
  }
  process.stdout.write(`${path.relative(cwd, file).split(path.sep).join('/')}\n`);
  return EXIT.ok;
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}
