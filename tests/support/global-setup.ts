/**
 * Builds dist/ once before the suite, so the command-line tests run the real `etl` binary, with
 * the pre-built data folder new embedded warehouses start from (written if missing).
 */
import { execFileSync } from 'node:child_process';
import { projectRoot } from '../../src/paths.js';

export default function setup(): void {
  execFileSync(process.execPath, ['node_modules/typescript/bin/tsc', '-p', 'tsconfig.build.json'], { cwd: projectRoot(), stdio: 'inherit' });
  execFileSync(process.execPath, ['dist/tools/warehouse-template/make-template.js'], { cwd: projectRoot(), stdio: 'inherit' });
}
