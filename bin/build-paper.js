#!/usr/bin/env node
// Committed with its run bit so `npx build-paper` works right after `npm install`;
// the compiled CLI lives in lib/ (built by npm's prepare step), never in dist/.
import { main } from '../lib/cli.js';

main(process.argv).then((code) => {
  process.exitCode = code;
});
