// The progress line: quiet for short builds, one updating line on a terminal, plain lines in CI.
import { describe, expect, it } from 'vitest';
import { createProgress } from '../../src/progress.js';

function fake(terminal: boolean) {
  let now = 0;
  const out: string[] = [];
  const p = createProgress({ write: (t) => out.push(t), terminal, clock: () => now, delayMs: 1000, everyMs: 5000 });
  return { p, out, at: (ms: number) => (now = ms) };
}

describe('progress', () => {
  it('shows nothing during the first second', () => {
    const { p, out, at } = fake(true);
    at(500);
    p.update('parse', 10, 100);
    p.end();
    expect(out).toEqual([]);
  });

  it('on a terminal rewrites one line with count, rate and ETA, and clears it at the end', () => {
    const { p, out, at } = fake(true);
    at(0);
    p.update('parse', 0, 1000);
    at(2000);
    p.update('parse', 500, 1000);
    expect(out).toEqual(['\r\x1b[2Kparse 500/1000 (250/s ETA 2 s)']);
    p.end();
    expect(out.at(-1)).toBe('\r\x1b[2K');
  });

  it('in a CI log prints plain lines, at most one every few seconds', () => {
    const { p, out, at } = fake(false);
    at(0);
    p.update('render', 0, null);
    for (let t = 1000; t <= 12_000; t += 500) {
      at(t);
      p.update('render', t, null);
    }
    expect(out).toEqual(['render 5000 (1000/s)\n', 'render 10000 (1000/s)\n']);
    expect(out.every((l) => !l.includes('\r'))).toBe(true);
  });
});
