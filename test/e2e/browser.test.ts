// What a reader sees, in real Chromium: zero axe violations on the front and article pages,
// working search, and screenshots in test-results/ for a human look.
import { mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { AxeBuilder } from '@axe-core/playwright';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { build } from '../../src/build.js';
import { launch } from '../helpers/browser.js';
import { serve, type StaticServer } from '../helpers/server.js';
import { DEFAULT_TEMPLATES, NOW, REPO } from '../helpers/site.js';

const SHOTS = path.join(REPO, 'test-results');
const ARTICLE = 'national/2026/11/government-unveils-flood-recovery-plan/';

describe('the sample paper in Chromium', () => {
  let browser: Browser;
  let server: StaticServer;
  beforeAll(async () => {
    const out = mkdtempSync(path.join(tmpdir(), 'browser-'));
    const res = await build({ cwd: REPO, contentDir: path.join(REPO, 'content'), templatesDir: DEFAULT_TEMPLATES, outDir: out, now: NOW, baseUrl: 'https://example.org/paper/' });
    expect(res.ok).toBe(true);
    server = await serve(out, '/paper/');
    browser = await launch();
    mkdirSync(SHOTS, { recursive: true });
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  for (const [name, page] of [['front', ''], ['article', ARTICLE], ['section', 'business/'], ['search', 'search/?q=rice']] as const) {
    it(`${name} page has no axe violations at phone and desktop widths`, async () => {
      for (const width of [390, 1280]) {
        const ctx = await browser.newContext({ viewport: { width, height: 900 } });
        const tab = await ctx.newPage();
        await tab.goto(server.url + page, { waitUntil: 'networkidle' });
        const results = await new AxeBuilder({ page: tab }).analyze();
        const summary = results.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
        expect(summary, `${name} at ${width}px`).toEqual([]);
        await tab.screenshot({ path: path.join(SHOTS, `${name}-${width}.png`), fullPage: true });
        await ctx.close();
      }
    });
  }

  it('shows the newsroom time stamp and a related-stories block at the foot of the article', async () => {
    const tab = await browser.newPage();
    await tab.goto(server.url + ARTICLE);
    await expect(tab.locator('h1').innerText()).resolves.toContain('flood');
    const related = tab.locator('aside.related-stories article');
    expect(await related.count()).toBe(4);
    expect(await related.first().locator('time').innerText()).toMatch(/^\d{1,2}:\d{2}(am|pm), [A-Z][a-z]+day, [A-Z][a-z]+ \d{1,2}, \d{4}$/);
    await tab.close();
  });

  it('finds an article from the masthead search form', async () => {
    const tab = await browser.newPage();
    await tab.goto(server.url);
    await tab.fill('#search-q', 'chapei');
    await tab.press('#search-q', 'Enter');
    await tab.waitForURL(/\/paper\/search\/\?q=chapei/);
    const first = tab.locator('.pagefind-ui__result-link').first();
    await first.waitFor({ timeout: 10_000 });
    expect(await first.innerText()).toMatch(/chapei/i);
    expect(await first.getAttribute('href')).toMatch(/^\/paper\/culture\/2026\/11\/young-chapei-players/);
    await tab.close();
  });
});
