// Term hashes get dense ids in first-seen order, across the table's growth.
import { describe, expect, it } from 'vitest';
import { IntIds } from '../../src/related/intern.js';

describe('IntIds', () => {
  it('gives each distinct key the next id and the same id again, across growth', () => {
    const ids = new IntIds(4);
    const keys = Array.from({ length: 5000 }, (_, i) => (i % 2 ? -1 : 1) * Math.imul(i, 0x9e3779b1));
    keys.forEach((k, i) => expect(ids.intern(k)).toBe(i));
    keys.forEach((k, i) => expect(ids.intern(k)).toBe(i));
    expect(ids.size).toBe(5000);
    expect(ids.get(keys[1234]!)).toBe(1234);
    expect(ids.get(123456789)).toBe(-1);
  });

  it('handles zero and keys that collide in low bits', () => {
    const ids = new IntIds();
    expect(ids.intern(0)).toBe(0);
    expect(ids.intern(1 << 20)).toBe(1);
    expect(ids.intern(2 << 20)).toBe(2);
    expect(ids.intern(0)).toBe(0);
    expect(ids.get(3 << 20)).toBe(-1);
  });
});
