// Bodies written out of the heap come back byte for byte, and copies skip the fields replaced.
import { existsSync, mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { replacing, TextSpill } from '../../src/load/spill.js';

describe('TextSpill', () => {
  it('gives each text back from disk, in any order, and removes its file on close', () => {
    const parent = mkdtempSync(path.join(tmpdir(), 'bp-spill-'));
    const spill = new TextSpill(parent);
    // Nothing is made until something is put.
    expect(readdirSync(parent)).toEqual([]);
    const first = spill.put(['<p>Rice “prices” rose</p>', '', 'ផ្កាឈូក']);
    const second = spill.put(['<p>second batch</p>']);
    expect(readdirSync(parent)).toHaveLength(1);
    expect(second[0]!()).toBe('<p>second batch</p>');
    expect(first.map((read) => read())).toEqual(['<p>Rice “prices” rose</p>', '', 'ផ្កាឈូក']);
    spill.close();
    expect(readdirSync(parent)).toEqual([]);
    expect(() => first[0]!()).toThrow(/after its build ended/);
    expect(() => spill.put(['late'])).toThrow(/after their build ended/);
  });

  it('closes cleanly when nothing was put', () => {
    const parent = mkdtempSync(path.join(tmpdir(), 'bp-spill-'));
    new TextSpill(parent).close();
    expect(existsSync(parent) && readdirSync(parent)).toEqual([]);
  });
});

describe('replacing', () => {
  it('copies a record in its key order without reading the fields it replaces', () => {
    let reads = 0;
    const record = { id: 'a', bodyHtml: '', title: 'T' };
    Object.defineProperty(record, 'bodyHtml', { get: () => (reads++, 'body'), enumerable: true, configurable: true });
    const copy = replacing(record, { bodyHtml: '' });
    expect(reads).toBe(0);
    expect(Object.keys(copy)).toEqual(['id', 'bodyHtml', 'title']);
    expect(copy).toEqual({ id: 'a', bodyHtml: '', title: 'T' });
  });
});
