import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The project folder (where package.json is), whether running from src/ or from dist/. */
export function projectRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(dir, 'package.json'))) {
    const parent = dirname(dir);
    if (parent === dir) throw new Error('cannot find the project folder (no package.json above the code)');
    dir = parent;
  }
  return dir;
}

export const paths = {
  migrations: () => join(projectRoot(), 'sql', 'migrations'),
  figures: () => join(projectRoot(), 'sql', 'figures'),
  published: (year: number) => join(projectRoot(), 'reference', 'published', `${year}.json`),
  defaultWarehouse: () => join(projectRoot(), '.warehouse'),
};
