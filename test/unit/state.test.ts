// State files in the cache folder: read back as written; one written by other code, or damaged,
// counts as absent.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { serialize } from 'node:v8';
import { describe, expect, it } from 'vitest';
import { codeDigest, readState, writeState } from '../../src/load/cache.js';

describe('readState and writeState', () => {
  it('round-trips a value and starts the file with the code digest', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'bp-state-'));
    await writeState(dir, 'x.bin', { a: 1, t: new Int32Array([3, 4]) });
    expect(await readState(dir, 'x.bin')).toEqual({ a: 1, t: new Int32Array([3, 4]) });
    expect(readFileSync(path.join(dir, 'x.bin')).subarray(0, 64).toString()).toBe(await codeDigest());
  });

  it('ignores a file of other code, a damaged file and an absent one', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'bp-state-'));
    const code = await codeDigest();
    const other = code.replace(/^./, (c) => (c === '0' ? '1' : '0'));
    writeFileSync(path.join(dir, 'other.bin'), Buffer.concat([Buffer.from(other), serialize({ a: 1 })]));
    writeFileSync(path.join(dir, 'damaged.bin'), Buffer.concat([Buffer.from(code), Buffer.from('not a serialized value')]));
    writeFileSync(path.join(dir, 'short.bin'), code.slice(0, 10));
    // The format before the digest came first: one serialized { code, value }.
    writeFileSync(path.join(dir, 'old.bin'), serialize({ code, value: { a: 1 } }));
    for (const name of ['other.bin', 'damaged.bin', 'short.bin', 'old.bin', 'absent.bin']) expect(await readState(dir, name)).toBeNull();
  });
});
