// The helper thread (./index.ts): loads the parser and the related engine as soon as it starts,
// then answers parse and relate calls one at a time.
import { parentPort } from 'node:worker_threads';
import type { PaperConfig } from '../model.js';
import { unpackDocs, type HelperCall, type RelateReply } from './index.js';

const [{ parseArticle }, { markdownFor }, { relateDocs }] = await Promise.all([
  import('../parse/article.js'),
  import('../parse/pool.js'),
  import('../related/index.js'),
  // Loaded now, not at the first parse: this is most of what the helper saves.
  import('../parse/markdown.js'),
]);

/** One config record per digest, so that markdownFor makes its processors once. */
const configs = new Map<string, PaperConfig>();

function answer(msg: HelperCall): unknown {
  if (msg.kind === 'parse') {
    let config = configs.get(msg.config.digest);
    if (!config) configs.set(msg.config.digest, (config = msg.config));
    return markdownFor(config).then((md) => msg.sources.map((s) => parseArticle(s, config, md)));
  }
  const docs = unpackDocs(msg.docs);
  const blocks = relateDocs(docs, msg.options);
  // Sent back as positions, in the order of the documents.
  const position = new Map(docs.map((d, i) => [d.id, i]));
  const start = new Int32Array(docs.length + 1);
  const items: number[] = [];
  docs.forEach((d, i) => {
    for (const id of blocks.get(d.id)!) items.push(position.get(id)!);
    start[i + 1] = items.length;
  });
  return { start, items: Int32Array.from(items) } satisfies RelateReply;
}

parentPort?.on('message', (msg: HelperCall) => {
  Promise.resolve()
    .then(() => answer(msg))
    .then(
      (result) => parentPort?.postMessage({ id: msg.id, result }),
      (e: unknown) => parentPort?.postMessage({ id: msg.id, error: e instanceof Error ? (e.stack ?? e.message) : String(e) }),
    );
});
