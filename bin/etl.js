#!/usr/bin/env node
// The command line lives in src/cli; this shim runs its compiled form (npm install builds it).
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const main = new URL('../dist/src/cli/main.js', import.meta.url);
if (!existsSync(fileURLToPath(main))) {
  console.error('etl: the project is not built yet. Run `npm install` (or `npm run build`) in the project folder first.');
  process.exit(2);
}
await import(main.href);
