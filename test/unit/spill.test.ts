// Bodies written out of the heap come back byte for byte, through the record they belong to.
import { existsSync, mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { bodyOf, deferBody, TextSpill } from '../../src/load/spill.js';

describe('TextSpill', () => {
  it('gives each text back from disk, in any order, and leaves no file behind', () => {
    const parent = mkdtempSync(path.join(tmpdir(), 'bp-spill-'));
    const spill = new TextSpill(parent);
    // Nothing is made until something is put.
    expect(readdirSync(parent)).toEqual([]);
    const first = spill.put(['<p>Rice “prices” rose</p>', '', 'ផ្កាឈូក']);
    const second = spill.put(['<p>second batch</p>']);
    // Removed from the folder while still open (this is Linux): a killed build leaves nothing.
    expect(readdirSync(parent)).toEqual([]);
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

describe('deferBody', () => {
  it('empties the record\'s own field and gives the body back through bodyOf', () => {
    const record = { id: 'a', bodyHtml: '<p>long body</p>', title: 'T' };
    const plain = { id: 'b', bodyHtml: '<p>kept</p>' };
    deferBody(record, () => '<p>from disk</p>');
    expect(record.bodyHtml).toBe('');
    expect(Object.keys(record)).toEqual(['id', 'bodyHtml', 'title']);
    expect(bodyOf(record)).toBe('<p>from disk</p>');
    expect(bodyOf(plain)).toBe('<p>kept</p>');
  });
});
