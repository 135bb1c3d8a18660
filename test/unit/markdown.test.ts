import { load } from 'cheerio';
import { describe, expect, it } from 'vitest';
import { createMarkdown, type MarkdownOptions } from '../../src/parse/markdown.js';

const YOUTUBE = 'www.youtube-nocookie.com';

function render(markdown: string, opts: Partial<MarkdownOptions> = {}, rel = 'news/a.md', lineOffset = 0) {
  const md = createMarkdown({ basePath: '/paper/', allowHtml: false, iframeHosts: [], ...opts });
  const res = md({ markdown, rel, lineOffset });
  return { ...res, $: load(res.html, null, false) };
}

describe('headings', () => {
  it('get ids from their text', () => {
    const { $ } = render('## Where the money goes\n\nText.');
    expect($('h2').attr('id')).toBe('where-the-money-goes');
  });

  it('demote a body "# Title" to h2, leaving no h1', () => {
    const { $ } = render('# Title\n\nText.');
    expect($('h1')).toHaveLength(0);
    expect($('h2').text()).toBe('Title');
    expect($('h2').attr('id')).toBe('title');
  });

  it('get unique ids within a body, and the same ids in every body', () => {
    const md = createMarkdown({ basePath: '/', allowHtml: false, iframeHosts: [] });
    const ids = (text: string) => load(md({ markdown: text, rel: 'a.md', lineOffset: 0 }).html)('h2').map((_, e) => e.attribs.id).get();
    expect(ids('## Notes\n\n## Notes')).toEqual(['notes', 'notes-1']);
    expect(ids('## Notes')).toEqual(['notes']);
  });
});

describe('links', () => {
  it('mark external links rel="noopener" and leave internal ones alone', () => {
    const { $ } = render('[out](https://example.com/x) [in](/news/a.html) [anchor](#top)');
    const rels = $('a').map((_, e) => [[$(e).text(), e.attribs.rel ?? null]]).get();
    expect(rels).toEqual([['out', 'noopener'], ['in', null], ['anchor', null]]);
  });

  it('rewrite relative and root-relative links under the base path', () => {
    const { $ } = render('[a](../sport/) [b](/media/report.pdf)');
    expect($('a').map((_, e) => e.attribs.href).get()).toEqual(['/paper/sport/', '/paper/media/report.pdf']);
  });
});

describe('images', () => {
  it('load lazily and keep their alt', () => {
    const { $, problems } = render('![A crowd at the market](https://cdn.example/x.jpg)');
    expect($('img').attr('loading')).toBe('lazy');
    expect($('img').attr('alt')).toBe('A crowd at the market');
    expect(problems).toEqual([]);
  });

  it('report a missing alt at its absolute line', () => {
    const { $, problems } = render('Intro.\n\n![](https://cdn.example/x.jpg)', {}, 'news/a.md', 6);
    expect($('img').attr('alt')).toBe('');
    expect(problems).toEqual([expect.objectContaining({ kind: 'missing-alt', line: 9, column: 1 })]);
  });

  it('rewrite relative paths under the base path and report them as content assets', () => {
    const { $, assets } = render('Text.\n\n![A map](../media/x.jpg)', {}, 'news/a.md', 4);
    expect($('img').attr('src')).toBe('/paper/media/x.jpg');
    expect(assets).toEqual([{ rel: 'media/x.jpg', image: true, line: 7, column: 1 }]);
  });

  it('report a path escaping content/ and not as an asset', () => {
    const { assets, problems } = render('![A map](../../secret.jpg)', {}, 'news/a.md', 3);
    expect(assets).toEqual([]);
    expect(problems).toEqual([expect.objectContaining({ kind: 'outside-content', line: 4, column: 1 })]);
  });
});

describe('raw HTML', () => {
  const HTML = 'Hi <b>bold</b> <script>alert(1)</script> <a href="javascript:alert(1)" onclick="steal()">c</a>';

  it('is dropped when allowHtml is false', () => {
    const { $ } = render(HTML);
    expect($('b')).toHaveLength(0);
    expect($('script')).toHaveLength(0);
    expect($('[onclick]')).toHaveLength(0);
    expect($('p').text()).toContain('bold');
  });

  it('keeps safe tags but removes scripts, handlers and javascript: URLs when allowHtml is true', () => {
    const { $ } = render(HTML, { allowHtml: true });
    expect($('b').text()).toBe('bold');
    expect($('script')).toHaveLength(0);
    expect($('[onclick]')).toHaveLength(0);
    expect($('a').text()).toBe('c');
    expect($('a').attr('href') ?? '').not.toMatch(/javascript:/i);
  });

  it('removes javascript: in a markdown link', () => {
    const { $ } = render('[c](javascript:alert(1))');
    expect($('a').text()).toBe('c');
    expect($('a').attr('href') ?? '').not.toMatch(/javascript:/i);
  });

  it('keeps https iframes from listed hosts only', () => {
    const body = [
      `<iframe src="https://${YOUTUBE}/embed/ok" title="Video"></iframe>`,
      '<iframe src="https://evil.example/embed/x"></iframe>',
      `<iframe src="http://${YOUTUBE}/embed/plain-http"></iframe>`,
    ].join('\n\n');
    const { $ } = render(body, { allowHtml: true, iframeHosts: [YOUTUBE] });
    expect($('iframe').map((_, e) => e.attribs.src).get()).toEqual([`https://${YOUTUBE}/embed/ok`]);
  });

  it('drops iframes when allowHtml is false, even from listed hosts', () => {
    const { $ } = render(`<iframe src="https://${YOUTUBE}/embed/ok"></iframe>`, { iframeHosts: [YOUTUBE] });
    expect($('iframe')).toHaveLength(0);
  });
});

describe('GFM', () => {
  it('renders tables and strikethrough', () => {
    const { $ } = render('| Party | Seats |\n|---|---|\n| A | 12 |\n\n~~withdrawn~~ bill');
    expect($('table th').map((_, e) => $(e).text()).get()).toEqual(['Party', 'Seats']);
    expect($('table td').map((_, e) => $(e).text()).get()).toEqual(['A', '12']);
    expect($('del').text()).toBe('withdrawn');
  });

  it('renders footnotes whose links point at existing ids', () => {
    const { $ } = render('A claim.[^src]\n\n[^src]: The source.');
    const ref = $('a[data-footnote-ref]');
    expect(ref).toHaveLength(1);
    const target = ref.attr('href')!.slice(1);
    expect($(`[id="${target}"]`).text()).toContain('The source.');
    const back = $('a[data-footnote-backref]').attr('href')!.slice(1);
    expect($(`[id="${back}"]`).is(ref)).toBe(true);
  });
});

describe('firstParagraph', () => {
  it('is the plain text of the first paragraph', () => {
    const res = render('## Heading\n\nThe **council** met [today](https://example.com)\nat noon.\n\nSecond.');
    expect(res.firstParagraph).toBe('The council met today at noon.');
  });

  it('is empty without a paragraph', () => {
    expect(render('## Only a heading').firstParagraph).toBe('');
  });

  it('holds no markup when the paragraph has inline HTML', () => {
    expect(render('Hi <b>bold</b> text.', { allowHtml: true }).firstParagraph).toBe('Hi bold text.');
  });
});
