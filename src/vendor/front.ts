// Front matter and config: gray-matter, the YAML parser and the schema library, imported from
// one module that `npm run build:ts` bundles into one file (scripts/bundle-vendor.mjs), as for
// ./markdown.ts: their ~120 ms of loading on each parsing thread become ~50 ms.
export { default as matter } from 'gray-matter';
export { parseDocument, isMap, isSeq, isPair, isScalar, visit, Scalar } from 'yaml';
export { z } from 'zod';
