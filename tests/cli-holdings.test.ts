/** `etl files` and `etl forget` as a clerk or an auditor uses them, and what `etl run` says of held files. */
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { etlEnv, runEtl } from './support/etl-process.js';
import { tempDir, writeXlsx } from './support/fixtures.js';
import { createTestWarehouse, WAREHOUSE_KINDS, type TestWarehouse } from './support/warehouses.js';

const SAFETY_HEADER = ['编号', '类别', '发现日期', '位置', '等级', '描述', '整改完成日期', '整改费用(元)'];

describe.each(WAREHOUSE_KINDS)('etl files and etl forget on %s', (kind) => {
  let t: TestWarehouse;
  beforeEach(async () => {
    t = await createTestWarehouse(kind);
  });
  afterEach(async () => {
    await t.dispose();
  });

  it('lists what the warehouse holds, says a second run read nothing, and forgets a file recorded like a run', async () => {
    const env = etlEnv(t.config);
    const input = tempDir();
    const out = tempDir();
    await writeXlsx(input, '综合部/2023年安全生产台账.xlsx', [{ name: '台账', rows: [SAFETY_HEADER, ['A1', '事故', '2023-03-10', '机房', '', '擦伤', '', '']] }]);
    // Exit status 1: most figures lack their exports here.
    expect((await runEtl(['run', '--year', '2023', '--input', input, '--out', out], env)).output).toContain('run 1 (2023) completed_with_errors');

    const again = await runEtl(['run', '--year', '2023', '--input', input, '--out', out], env);
    expect(again.output).toContain('run 2 (2023) completed_with_errors');
    expect(again.output).toContain('综合部/2023年安全生产台账.xlsx  unchanged, loaded in run 1');
    expect(again.output).toMatch(/files: {3}1 found, 0 loaded, 1 unchanged \(held, not read again\)/);

    const listed = await runEtl(['files'], env);
    expect(listed.code).toBe(0);
    const place = `${input}/综合部/2023年安全生产台账.xlsx`;
    expect(listed.output).toContain(place);
    expect(listed.output).toMatch(/safety_register\s+1\s+1 \(2023\)\s+[0-9a-f]{12}/);
    expect(listed.output).toContain('1 file held, 1 rows');
    const json = JSON.parse((await runEtl(['files', '--json', '--source', 'safety_register'], env)).output) as { location: string; rows: number; sha256: string }[];
    expect(json).toMatchObject([{ location: place, rows: 1 }]);
    expect(json[0].sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(JSON.parse((await runEtl(['files', '--json', '--source', 'hotline_tickets'], env)).output)).toEqual([]);
    expect((await runEtl(['files', '--source', 'nonsense'], env)).output).toMatch(/there is no source "nonsense"/);

    const refused = await runEtl(['forget', join(input, 'other.xlsx')], env);
    expect(refused.code).toBe(2);
    expect(refused.output).toContain('nothing was forgotten');

    const forgot = await runEtl(['forget', place], env);
    expect(forgot.code).toBe(0);
    expect(forgot.output).toContain(`forgot    ${place} (safety_register): 1 rows taken out; it was read in run 1`);
    expect(forgot.output).toContain('forget run 3: 1 file forgotten');
    expect(forgot.output).toContain('the latest figures of 2023 were computed with it');
    expect((await runEtl(['files'], env)).output).toContain('0 files held, 0 rows');
    rmSync(input, { recursive: true, force: true });
    rmSync(out, { recursive: true, force: true });
  }, 300_000);
});
