/**
 * Writes the pre-built data folder a new embedded warehouse starts from (src/db/warehouse-template.ts).
 * Run by the build (`npm ci`'s prepare, `make`), once per PGlite version.
 */
import { existsSync } from 'node:fs';
import { templatePath, writeTemplate } from '../../src/db/warehouse-template.js';

const path = templatePath();
if (!existsSync(path)) process.stderr.write(`wrote ${await writeTemplate(path)}\n`);
