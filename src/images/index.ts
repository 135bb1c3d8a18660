// The images stage: image sets in, output files out. Each set whose files are all in the store
// is reused; the others are encoded a few at a time (sharp has its own thread pool, so more
// parallel jobs than cores only add memory). Disk access is passed in by build.ts.
import { availableParallelism } from 'node:os';
import { buildError, type BuildError } from '../errors.js';
import type { AssetRef, ImageSet, ImagesConfig, OutputFile } from '../model.js';
import type { ImageStore, StoredImage } from '../load/image-cache.js';
import { encodeSet } from './encode.js';
import { filesOf } from './plan.js';

export { encoderVersion } from './encode.js';
export { planImage, processableFormat, settingsDigest } from './plan.js';

export interface ImageJob {
  readonly set: ImageSet;
  /** Absolute path of the source file. */
  readonly abs: string;
  /** Where the image is used first, for an error about it. */
  readonly usedAt: { readonly file: string } & Pick<AssetRef, 'line' | 'column'>;
}

export interface ImageResult {
  readonly files: OutputFile[];
  /** Images encoded by this build. */
  readonly processed: number;
  /** Images whose every file came from the cache. */
  readonly cached: number;
  readonly errors: BuildError[];
}

export interface ImageIo {
  readonly store: ImageStore;
  readonly read: (abs: string) => Promise<Uint8Array>;
  readonly concurrency?: number;
  readonly onImage?: (done: number) => void;
}

/** Makes (or finds) every file of every job's set. Output order follows the jobs, so it is deterministic. */
export async function processImages(jobs: readonly ImageJob[], config: ImagesConfig, io: ImageIo): Promise<ImageResult> {
  const results: (OutputFile[] | BuildError)[] = new Array(jobs.length);
  let processed = 0;
  let cached = 0;
  let done = 0;
  let next = 0;
  const one = async (job: ImageJob): Promise<OutputFile[] | BuildError> => {
    const files = filesOf(job.set);
    const found = await Promise.all(files.map((f) => io.store.find(f.path)));
    if (found.every((s) => s !== null)) {
      cached++;
      return files.map((f, i) => output(f.path, found[i]!));
    }
    let encoded: Map<string, Uint8Array>;
    try {
      encoded = await encodeSet(await io.read(job.abs), job.set, config);
    } catch (e) {
      const reason = e instanceof Error ? e.message.split('\n')[0] : String(e);
      return buildError('asset/unreadable-image', job.usedAt, `"${job.set.rel}" could not be read as an image: ${reason}`);
    }
    processed++;
    const stored = await Promise.all(files.map((f) => io.store.save(f.path, encoded.get(f.path)!)));
    return files.map((f, i) => output(f.path, stored[i]!));
  };
  const worker = async () => {
    while (next < jobs.length) {
      const i = next++;
      results[i] = await one(jobs[i]!);
      io.onImage?.(++done);
    }
  };
  const lanes = Math.max(1, Math.min(io.concurrency ?? availableParallelism(), jobs.length));
  await Promise.all(Array.from({ length: lanes }, worker));
  const files: OutputFile[] = [];
  const errors: BuildError[] = [];
  for (const r of results) {
    if (Array.isArray(r)) files.push(...r);
    else errors.push(r);
  }
  return { files, processed, cached, errors };
}

function output(path: string, s: StoredImage): OutputFile {
  return s.kind === 'copy' ? { path, kind: 'copy', from: s.from, size: s.size } : { path, kind: 'asset', content: s.content };
}
