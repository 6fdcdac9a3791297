/** Builds dist/ once before the suite, so the command-line tests run the real `etl` binary. */
import { execFileSync } from 'node:child_process';
import { projectRoot } from '../../src/paths.js';

export default function setup(): void {
  execFileSync(process.execPath, ['node_modules/typescript/bin/tsc', '-p', 'tsconfig.build.json'], { cwd: projectRoot(), stdio: 'inherit' });
}
