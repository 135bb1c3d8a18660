import { describe, expect, it } from 'vitest';
import { CATALOGUE, buildError, formatError, hasErrors, locate, sortErrors } from '../../src/errors.js';

const TEXT = '---\ntitle: Budget\ndate: 2024-02-30\n---\nBody\n';

describe('locate', () => {
  it('turns an offset into 1-based line and column with a caret frame', () => {
    const offset = TEXT.indexOf('2024-02-30');
    expect(locate(TEXT, offset)).toEqual({
      line: 3,
      column: 7,
      frame: '  3 | date: 2024-02-30\n    |       ^',
    });
  });

  it('is 1:1 at offset 0 and at the start of a line after a newline', () => {
    expect(locate(TEXT, 0)).toMatchObject({ line: 1, column: 1 });
    expect(locate(TEXT, TEXT.indexOf('title'))).toMatchObject({ line: 2, column: 1 });
  });

  it('clamps offsets outside the text', () => {
    expect(locate('ab\ncd', -5)).toMatchObject({ line: 1, column: 1 });
    expect(locate('ab\ncd', 99)).toMatchObject({ line: 2, column: 3 });
  });

  it('leaves a Windows line ending out of the frame and widens the gutter', () => {
    const text = `${'x\r\n'.repeat(11)}bad: value\r\nnext`;
    const at = locate(text, text.indexOf('value'));
    expect(at).toMatchObject({ line: 12, column: 6 });
    expect(at.frame).toBe('  12 | bad: value\n     |      ^');
  });
});

describe('buildError', () => {
  it('defaults to an error with the catalogue hint at 1:1', () => {
    const err = buildError('front-matter/missing', { file: 'content/a.md' }, 'no front matter');
    expect(err).toEqual({
      code: 'front-matter/missing',
      severity: 'error',
      file: 'content/a.md',
      line: 1,
      column: 1,
      message: 'no front matter',
      hint: CATALOGUE['front-matter/missing'],
    });
  });
});

describe('formatError', () => {
  it('prints "file:line:col  severity  code  message", the frame and the hint', () => {
    const at = { file: 'content/politics/budget-vote.md', ...locate(TEXT, TEXT.indexOf('2024-02-30')) };
    const err = buildError('front-matter/invalid-date', at, '"date" must look like 2024-05-01');
    expect(formatError(err).split('\n')).toEqual([
      'content/politics/budget-vote.md:3:7  error  front-matter/invalid-date  "date" must look like 2024-05-01',
      '  3 | date: 2024-02-30',
      '    |       ^',
      `  hint: ${CATALOGUE['front-matter/invalid-date']}`,
    ]);
  });

  it('omits the frame when there is none and shows warnings as such', () => {
    const err = buildError('front-matter/unknown-field', { file: 'a.md', line: 4, column: 1 }, 'unknown field "x"', {
      severity: 'warning',
      hint: 'Check it.',
    });
    expect(formatError(err)).toBe('a.md:4:1  warning  front-matter/unknown-field  unknown field "x"\n  hint: Check it.');
  });
});

describe('sortErrors', () => {
  it('orders by file, then line, then column, then code, without changing its input', () => {
    const e = (file: string, line: number, column: number, code: 'config/invalid' | 'asset/missing') =>
      buildError(code, { file, line, column }, 'm');
    const input = [
      e('b.md', 1, 1, 'config/invalid'),
      e('a.md', 10, 1, 'config/invalid'),
      e('a.md', 2, 5, 'config/invalid'),
      e('a.md', 2, 5, 'asset/missing'),
      e('a.md', 2, 3, 'config/invalid'),
    ];
    const before = [...input];
    const key = (x: { file: string; line: number; column: number; code: string }) => `${x.file}:${x.line}:${x.column} ${x.code}`;
    expect(sortErrors(input).map(key)).toEqual([
      'a.md:2:3 config/invalid',
      'a.md:2:5 asset/missing',
      'a.md:2:5 config/invalid',
      'a.md:10:1 config/invalid',
      'b.md:1:1 config/invalid',
    ]);
    expect(input).toEqual(before);
  });
});

describe('hasErrors', () => {
  it('is false when there are only warnings', () => {
    const warning = buildError('config/invalid', { file: 'p.yaml' }, 'w', { severity: 'warning' });
    expect(hasErrors([warning])).toBe(false);
    expect(hasErrors([warning, buildError('config/invalid', { file: 'p.yaml' }, 'e')])).toBe(true);
  });
});
