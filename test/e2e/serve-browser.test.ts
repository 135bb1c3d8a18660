// A writer's loop in real Chromium: the open article follows a save without a manual reload, a
// broken save shows the error overlay, and fixing it clears the overlay.
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { watchPaper, type WatchSession } from '../../src/watch/index.js';
import { launch } from '../helpers/browser.js';
import { article, DEFAULT_TEMPLATES, NOW, site } from '../helpers/site.js';

describe('build-paper serve in Chromium', () => {
  let browser: Browser;
  let session: WatchSession;
  const s = site({ 'content/news/a.md': article({ title: 'Original headline' }), 'content/news/b.md': article({ title: 'Other', date: '2026-03-19T10:00:00' }) });
  beforeAll(async () => {
    session = await watchPaper({
      build: { cwd: s.dir, contentDir: s.content, templatesDir: DEFAULT_TEMPLATES, outDir: s.out },
      clock: () => NOW,
      serve: { host: '127.0.0.1', port: 0 },
      log: () => undefined,
    });
    browser = await launch();
  });
  afterAll(async () => {
    await browser?.close();
    await session?.close();
  });

  it('reloads on save, shows build errors as an overlay, and clears it when fixed', async () => {
    const tab = await browser.newPage();
    await tab.goto(`${session.url}news/2026/03/a/`);
    expect(await tab.locator('h1').innerText()).toBe('Original headline');
    // The reload client is injected by the server, never written to dist/.
    expect(s.read('news/2026/03/a/index.html')).not.toContain('__build-paper');
    await tab.waitForFunction(() => document.querySelectorAll('script[src*="__build-paper"]').length === 1);
    await new Promise((r) => setTimeout(r, 300));

    s.write('content/news/a.md', article({ title: 'Headline edited on disk' }));
    await tab.waitForFunction(() => document.querySelector('h1')?.textContent === 'Headline edited on disk', undefined, { timeout: 15_000 });

    s.write('content/news/a.md', '---\ntitle: Broken\ndate: 2026-02-30\nsection: news\n---\nBody.\n');
    const overlay = tab.locator('#build-paper-overlay');
    await overlay.waitFor({ state: 'visible', timeout: 15_000 });
    expect(await overlay.innerText()).toContain('front-matter/invalid-date');
    expect(await tab.locator('h1').first().innerText()).toBe('Headline edited on disk');

    s.write('content/news/a.md', article({ title: 'Fixed headline' }));
    await tab.waitForFunction(() => document.querySelector('h1')?.textContent === 'Fixed headline', undefined, { timeout: 15_000 });
    expect(await overlay.count()).toBe(0);
  });
});
