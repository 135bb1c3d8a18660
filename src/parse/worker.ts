// A parse worker: builds its own frozen markdown processor from the config, then parses the
// batches of source files it is sent and posts the plain records back.
import { parentPort, workerData } from 'node:worker_threads';
import type { PaperConfig, SourceFile } from '../model.js';
import { parseArticle } from './article.js';
import { markdownFor } from './pool.js';

const { config } = workerData as { config: PaperConfig };
const md = await markdownFor(config);

parentPort?.on('message', (msg: { from: number; items: SourceFile[] }) => {
  parentPort?.postMessage({ from: msg.from, results: msg.items.map((s) => parseArticle(s, config, md)) });
});
