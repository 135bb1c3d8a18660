import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/config.js';
import { PAPER_YAML } from '../helpers/site.js';

const FILE = 'content/paper.yaml';
const MINIMAL = 'name: The Gazette\nsections:\n  - slug: news\n    title: News\n';

function ok(source: string, overrides = {}) {
  const { config, errors } = parseConfig(source, FILE, overrides);
  expect(errors).toEqual([]);
  if (!config) throw new Error('expected a config');
  return config;
}

/** The single error for `source`, which must be rejected. */
function fails(source: string) {
  const { config, errors } = parseConfig(source, FILE);
  expect(config).toBeNull();
  expect(errors).toHaveLength(1);
  return errors[0]!;
}

describe('related settings', () => {
  it('reads weights, rules and switches', () => {
    const config = ok(`${MINIMAL}related:
  count: 6
  weights: { text: 2, tags: 0.5 }
  min_score: 0.1
  include_newer: false
  exclude_sections:
    - { sections: [news], from: [news] }
`);
    expect(config.related).toMatchObject({ count: 6, minScore: 0.1, includeNewer: false, excludeSections: [{ sections: ['news'], from: ['news'] }] });
    expect(config.related.weights.text).toBe(2);
    expect(config.related.weights.tags).toBe(0.5);
    expect(config.related.weights.section).toBeGreaterThanOrEqual(0);
  });

  it('rejects a rule naming an undeclared section, at its line', () => {
    const { errors } = parseConfig(`${MINIMAL}related:\n  exclude_sections:\n    - sections: [opinion]\n`, 'paper.yaml');
    expect(errors.map((e) => [e.code, e.line])).toEqual([['config/invalid', MINIMAL.split('\n').length + 2]]);
  });
});

describe('parseConfig defaults', () => {
  it('fills in every optional setting', () => {
    const config = ok(MINIMAL);
    expect(config).toMatchObject({
      name: 'The Gazette',
      tagline: '',
      baseUrl: '/',
      basePath: '/',
      language: 'en',
      timeZone: 'UTC',
      related: { count: 4, minScore: 0, includeNewer: true, excludeSections: [] },
      pageSize: 20,
      sectionTopCount: 3,
      permalink: '/:section/:year/:month/:slug/',
      markdown: { allowHtml: false, iframeHosts: [] },
    });
    expect(config.sections).toEqual([{ slug: 'news', title: 'News' }]);
  });

  it('reads the helper paper', () => {
    const config = ok(PAPER_YAML);
    expect(config.timeZone).toBe('Asia/Phnom_Penh');
    expect(config.sections.map((s) => s.slug)).toEqual(['news', 'sport', 'opinion']);
  });
});

describe('parseConfig base URL', () => {
  it.each([
    ['https://example.org/paper', 'https://example.org/paper/', '/paper/'],
    ['https://example.org', 'https://example.org/', '/'],
    ['/', '/', '/'],
    ['/news/', '/news/', '/news/'],
  ])('base_url %s -> baseUrl %s, basePath %s', (baseUrl, normalized, basePath) => {
    const config = ok(`${MINIMAL}base_url: ${baseUrl}\n`);
    expect(config.baseUrl).toBe(normalized);
    expect(config.basePath).toBe(basePath);
  });

  it('lets overrides.baseUrl win over the file', () => {
    const config = ok(`${MINIMAL}base_url: https://example.org/paper/\n`, { baseUrl: 'http://localhost:8080/preview' });
    expect(config.baseUrl).toBe('http://localhost:8080/preview/');
    expect(config.basePath).toBe('/preview/');
  });

  it('rejects a base_url that is neither a path nor http(s)', () => {
    const err = fails(`${MINIMAL}base_url: ftp://example.org/\n`);
    expect(err).toMatchObject({ code: 'config/invalid', file: FILE, line: 5, column: 11 });
  });
});

describe('parseConfig errors point at the offending value', () => {
  it.each([
    ['bad time_zone', `${MINIMAL}time_zone: Mars/Olympus\n`, 5, 12, /time_zone/],
    ['bad language', `${MINIMAL}language: "not a tag!"\n`, 5, 11, /language/],
    ['permalink without :slug', `${MINIMAL}permalink: /:section/:year/\n`, 5, 12, /:slug/],
    ['permalink with ..', `${MINIMAL}permalink: /../:slug/\n`, 5, 12, /permalink/],
  ])('%s', (_name, source, line, column, message) => {
    const err = fails(source);
    expect(err).toMatchObject({ code: 'config/invalid', severity: 'error', file: FILE, line, column });
    expect(err.message).toMatch(message);
    expect(err.hint).not.toBe('');
  });

  it('duplicate section slug points at the second declaration', () => {
    const err = fails(`${MINIMAL}  - slug: news\n    title: More news\n`);
    expect(err).toMatchObject({ code: 'config/invalid', line: 5, column: 11 });
    expect(err.message).toMatch(/declared twice/);
  });

  it('reserved section slug', () => {
    const err = fails('name: X\nsections:\n  - slug: page\n    title: Pages\n');
    expect(err).toMatchObject({ code: 'config/invalid', line: 3, column: 11 });
    expect(err.message).toMatch(/reserved/);
  });

  it('missing name', () => {
    const err = fails('tagline: T\nsections:\n  - slug: news\n    title: News\n');
    expect(err).toMatchObject({ code: 'config/invalid', file: FILE, line: 1, column: 1 });
    expect(err.message).toMatch(/"name"/);
  });

  it('YAML syntax error', () => {
    // The parser notices the unclosed "[" where the next key starts.
    const err = fails('name: X\nsections: [news\ntagline: T\n');
    expect(err).toMatchObject({ code: 'config/yaml-syntax', file: FILE, line: 3, column: 1 });
    expect(err.frame).toBe('  3 | tagline: T\n    | ^');
  });

  it('an unclosed quote is reported at the opening quote', () => {
    const err = fails('name: X\ntagline: "Tested daily\nsections:\n  - slug: news\n    title: News\n');
    expect(err).toMatchObject({ code: 'config/yaml-syntax', line: 2, column: 10 });
  });

  it('a repeated key is a YAML error at the second key', () => {
    const err = fails(`${MINIMAL}name: Again\n`);
    expect(err).toMatchObject({ code: 'config/yaml-syntax', line: 5, column: 1 });
  });

  it('an unknown key is a warning and the config is still made', () => {
    const { config, errors } = parseConfig(`${MINIMAL}colour: blue\n`, FILE);
    expect(config).not.toBeNull();
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatchObject({ code: 'config/invalid', severity: 'warning', line: 5, column: 1 });
    expect(errors[0]!.message).toContain('colour');
  });
});

describe('parseConfig digest', () => {
  it('is identical for identical input', () => {
    expect(ok(PAPER_YAML).digest).toBe(ok(PAPER_YAML).digest);
    expect(ok(PAPER_YAML).digest).toMatch(/^[0-9a-f]{64}$/);
  });

  it.each([
    ['name', PAPER_YAML.replace('The Test Gazette', 'The Other Gazette')],
    ['time zone', PAPER_YAML.replace('Asia/Phnom_Penh', 'Asia/Bangkok')],
    ['related count', `${PAPER_YAML}related:\n  count: 2\n`],
    ['allow_html', `${PAPER_YAML}markdown:\n  allow_html: true\n`],
  ])('changes when the %s changes', (_what, changed) => {
    expect(ok(changed).digest).not.toBe(ok(PAPER_YAML).digest);
  });

  it('changes with the base URL override', () => {
    expect(ok(PAPER_YAML, { baseUrl: '/preview/' }).digest).not.toBe(ok(PAPER_YAML).digest);
  });
});
