// A render worker: compiles the templates, then renders the page contexts it is sent (made by the
// main thread, ./pool.ts) and posts the HTML (or the template error) back.
import { parentPort, workerData } from 'node:worker_threads';
import type { RenderItem, WorkerSetup } from './pool.js';
import { compileTemplates } from './templates.js';

const setup = workerData as WorkerSetup;
const { templates, errors } = compileTemplates(setup.templates, setup.globals);
if (!templates) throw new Error(`render worker: templates did not compile: ${errors.map((e) => e.message).join('; ')}`);

parentPort?.on('message', (msg: { from: number; items: RenderItem[] }) => {
  const results = msg.items.map(([template, context]) => templates.render(template, context));
  parentPort?.postMessage({ from: msg.from, results });
});
