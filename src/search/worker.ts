// A search worker: makes the index of each part it is sent in a Pagefind process of its own
// (./index.ts), writing when the lanes' shared WriteTurn lets it, noting progress every few pages.
import { parentPort, workerData } from 'node:worker_threads';
import { indexPart, NOTE_EVERY, WriteTurn, type PartJob, type PartResult } from './index.js';

const { language, turn } = workerData as { language: string; turn: Int32Array };
const writeTurn = new WriteTurn(turn);
const pagefind = await import('pagefind');

parentPort?.on('message', (msg: { from: number; items: PartJob[] }) => {
  void (async () => {
    const results: PartResult[] = [];
    let pages = 0;
    for (const part of msg.items) {
      const note = () => {
        if (++pages === NOTE_EVERY) {
          parentPort?.postMessage({ note: pages });
          pages = 0;
        }
      };
      const r = await indexPart(pagefind, part, language, note, { turn: writeTurn });
      results.push(r!);
    }
    if (pages > 0) parentPort?.postMessage({ note: pages });
    parentPort?.postMessage({ from: msg.from, results });
  })().catch((e: unknown) => {
    // Reported as the worker's error: the build fails with it instead of waiting for an answer.
    setImmediate(() => {
      throw e;
    });
  });
});
