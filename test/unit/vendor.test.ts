// The compiled vendor modules (src/vendor/) are single-file bundles (scripts/bundle-vendor.mjs):
// they import nothing but Node's own modules, and export what their sources export.
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { build } from 'esbuild';
import { describe, expect, it } from 'vitest';

const lib = path.resolve(import.meta.dirname, '../../lib/vendor');
const src = path.resolve(import.meta.dirname, '../../src/vendor');
const names = readdirSync(src).filter((f) => f.endsWith('.ts')).map((f) => f.replace(/\.ts$/, ''));

describe('vendor bundles', () => {
  it('has one compiled bundle per vendor module', () => {
    expect(names.length).toBeGreaterThan(0);
    expect(readdirSync(lib).filter((f) => f.endsWith('.js')).sort()).toEqual(names.map((n) => `${n}.js`).sort());
  });

  it.each(names)('lib/vendor/%s.js imports only node: modules', async (name) => {
    const file = path.join(lib, `${name}.js`);
    // esbuild parses the file and lists its imports; marking everything external keeps them unresolved.
    const result = await build({ entryPoints: [file], bundle: true, write: false, metafile: true, platform: 'node', format: 'esm', external: ['*'], logLevel: 'silent' });
    const input = Object.entries(result.metafile.inputs).find(([p]) => path.resolve(p) === file);
    expect(input).toBeDefined();
    const imports = input![1].imports.map((i) => i.path);
    expect(imports.length).toBeGreaterThan(0);
    for (const p of imports) expect(p).toMatch(/^node:/);
  });

  it.each(names)('lib/vendor/%s.js exports what its source module exports', async (name) => {
    const built = (await import(path.join(lib, `${name}.js`))) as Record<string, unknown>;
    const source = (await import(path.join(src, `${name}.ts`))) as Record<string, unknown>;
    expect(Object.keys(built).sort()).toEqual(Object.keys(source).sort());
    for (const key of Object.keys(source)) expect(typeof built[key]).toBe(typeof source[key]);
  });
});
