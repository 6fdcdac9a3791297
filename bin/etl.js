#!/usr/bin/env node
// The composition root of the command line: the engine (src/, compiled to dist/src) is handed the
// sources it knows, the registry of pipelines/, here; src/ itself imports nothing from pipelines/.
// This shim runs the compiled form (npm install builds it).
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const cli = new URL('../dist/src/cli/main.js', import.meta.url);
const registry = new URL('../dist/pipelines/index.js', import.meta.url);
if (!existsSync(fileURLToPath(cli)) || !existsSync(fileURLToPath(registry))) {
  console.error('etl: the project is not built yet. Run `npm install` (or `npm run build`) in the project folder first.');
  process.exit(2);
}
const [{ main }, { sources }] = await Promise.all([import(cli.href), import(registry.href)]);
await main(sources);
