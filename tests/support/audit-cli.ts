/** Runs the real `etl` command for the audit tests, pointed at a test warehouse. */
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { WarehouseConfig } from '../../src/db/open.js';
import { projectRoot } from '../../src/paths.js';
import { SAMPLE_PII_KEY } from './sample-run.js';

const run = promisify(execFile);
/** The `etl` command of the project. */
export const ETL_BIN = join(projectRoot(), 'bin', 'etl.js');

/** The environment of `etl` for a test warehouse (and the samples' masking key). */
export function etlEnvFor(config: WarehouseConfig): NodeJS.ProcessEnv {
  const warehouse = config.databaseUrl ? { DATABASE_URL: config.databaseUrl } : { DATABASE_URL: '', ETL_WAREHOUSE_DIR: config.warehouseDir };
  return { ...process.env, ...warehouse, ETL_PII_KEY: SAMPLE_PII_KEY };
}

/** Runs `etl …args` to its end; never throws on a non-zero exit. */
export async function etl(args: string[], env: NodeJS.ProcessEnv): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(process.execPath, [ETL_BIN, ...args], { env, cwd: projectRoot(), maxBuffer: 64 * 1024 * 1024 });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}
