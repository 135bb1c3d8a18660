import { describe, expect, it } from 'vitest';
import { cropSize, planImage, variantWidths } from '../../src/images/plan.js';
import type { AssetFile } from '../../src/model.js';
import { IMAGES_DEFAULTS } from '../../src/config.js';

const asset = (rel: string, width: number, height: number, digest = 'a'.repeat(64)): AssetFile => ({ rel, abs: `/x/${rel}`, size: 1, digest, width, height });

describe('image plan', () => {
  it('keeps the widths narrower than the original and adds the original instead of upscaling', () => {
    expect(variantWidths(2000, [480, 960, 1600])).toEqual([480, 960, 1600]);
    expect(variantWidths(960, [480, 960, 1600])).toEqual([480, 960]);
    expect(variantWidths(700, [480, 960, 1600])).toEqual([480, 700]);
    expect(variantWidths(300, [480, 960, 1600])).toEqual([300]);
  });

  it('crops are 1200 px wide when the original allows, else the largest crop it holds', () => {
    expect([cropSize(2000, 1200, 16, 9), cropSize(2000, 1200, 4, 3), cropSize(2000, 1200, 1, 1)]).toEqual([
      { width: 1200, height: 675 },
      { width: 1200, height: 900 },
      { width: 1200, height: 1200 },
    ]);
    expect([cropSize(960, 540, 16, 9), cropSize(960, 540, 4, 3), cropSize(960, 540, 1, 1)]).toEqual([
      { width: 960, height: 540 },
      { width: 720, height: 540 },
      { width: 540, height: 540 },
    ]);
  });

  it('names carry a hash of the bytes and the settings; GIF and SVG are not planned', () => {
    const config = { ...IMAGES_DEFAULTS, widths: [480, 960, 1600] };
    const a = planImage(asset('media/river.jpg', 2000, 1200), config, 's1')!;
    expect(a.fallback.map((f) => f.path)).toEqual([480, 960, 1600].map((w) => expect.stringMatching(new RegExp(`^media/river-[0-9a-f]{10}-${w}\\.jpg$`))));
    expect(a.fallback[0]!.path).not.toBe(planImage(asset('media/river.jpg', 2000, 1200, 'b'.repeat(64)), config, 's1')!.fallback[0]!.path);
    expect(a.fallback[0]!.path).not.toBe(planImage(asset('media/river.jpg', 2000, 1200), config, 's2')!.fallback[0]!.path);
    expect(planImage(asset('media/anim.gif', 100, 100), config, 's1')).toBeNull();
    expect(planImage(asset('media/logo.svg', 100, 100), config, 's1')).toBeNull();
  });
});
