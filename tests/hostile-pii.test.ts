import { execFile } from 'node:child_process';
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateSamples } from '../samples/generate.js';
import { redactUrl } from '../src/db/postgres-warehouse.js';
import { paths } from '../src/paths.js';
import { etlEnv, runEtl } from './support/etl-process.js';
import { tempDir, writeCsv } from './support/fixtures.js';
import { TICKET_HEADER, ticket } from './support/hostile-corpus.js';
import { leaksIn, personalDataIn, type PersonalData } from './support/pii-scan.js';
import { createTestWarehouse, type TestWarehouse } from './support/warehouses.js';

const BAD_PHONES = ['1380013800X', '客户13912345678要求回电', '+86 137 0000 1111'];

// pg_dump needs a server; the embedded warehouse is the same Postgres with the same rows.
describe('personal data in a warehouse loaded from the sample exports, dumped with pg_dump', () => {
  let t: TestWarehouse;
  let input: string;
  const out = tempDir('etl-pii-out-');
  let run: { code: number | null; output: string };
  let pii: PersonalData;
  beforeAll(async () => {
    input = join(tempDir('etl-pii-'), '2023');
    await generateSamples({ outDir: input, scale: 'small', seed: 7, published: paths.published(2023) });
    // Phone numbers where no phone belongs: a bad phone, one inside another column, one in a header, a ragged row.
    writeCsv(input, '客服热线/工单明细_补录.csv', [
      [...TICKET_HEADER, '备用电话15000001111'],
      [...ticket('PII1', { 联系电话: BAD_PHONES[0] }), '无'],
      [...ticket('PII2', { 受理渠道: BAD_PHONES[1] }), '无'],
      [...ticket('PII3', { 联系电话: 'x'.repeat(40_000) + BAD_PHONES[2] }), '无'],
      [...ticket('PII4', { 联系电话: BAD_PHONES[2] }), BAD_PHONES[2], '多余'],
    ]);
    pii = await personalDataIn(input);
    for (const p of ['15000001111', '13912345678', '13700001111']) pii.phoneDigits.add(p);
    t = await createTestWarehouse('postgres');
    run = await runEtl(['run', '--year', '2023', '--input', input, '--out', out], etlEnv(t.config));
  }, 180_000);
  afterAll(async () => {
    await t.dispose();
    rmSync(join(input, '..'), { recursive: true, force: true });
    rmSync(out, { recursive: true, force: true });
  });

  it('found the phone numbers and names the exports hold, and would see them in a text', () => {
    expect(pii.phoneDigits.size).toBeGreaterThan(1000);
    expect(pii.names.size).toBeGreaterThan(100);
    const [phone] = pii.phones;
    const [name] = pii.names;
    expect(leaksIn(`T1\t${phone}\t${name}\n`, pii)).toEqual(expect.arrayContaining([name]));
    expect(leaksIn(`T1\t${phone}\t${name}\n`, pii).length).toBeGreaterThanOrEqual(2);
    expect(run.output).toMatch(/rows: +[\d,]+ read/);
  });

  it('has none of them in clear text in the dump', async () => {
    const file = join(out, 'warehouse.sql');
    await promisify(execFile)('pg_dump', ['--no-owner', '--file', file, t.config.databaseUrl!]);
    const dump = readFileSync(file, 'utf8');
    expect(dump).toContain('COPY public.hotline_tickets');
    expect(dump).toMatch(/hmac:[0-9a-f]{16}/);
    expect(leaksIn(dump, pii)).toEqual([]);
  });

  it('has none of them in what the run printed, nor in rejects.csv and the reports', () => {
    expect(leaksIn(run.output, pii)).toEqual([]);
    for (const name of ['rejects.csv', 'report.md', 'report.html', 'figures.json']) expect(leaksIn(readFileSync(join(out, name), 'utf8'), pii), name).toEqual([]);
    const rejects = readFileSync(join(out, 'rejects.csv'), 'utf8');
    expect(rejects).toMatch(/工单明细_补录\.csv,,2,联系电话,hmac:[0-9a-f]{16},is not a phone number/);
    expect(rejects).toMatch(/工单明细_补录\.csv,,3,受理渠道,客户hmac:[0-9a-f]{16}要求回电,"is not one of/);
    expect(rejects).toMatch(/工单明细_补录\.csv,,4,联系电话,hmac:[0-9a-f]{16},"holds 40,\d{3} characters/);
    expect(rejects).toContain('工单明细_补录.csv,,5,,,the row has 15 fields but the header has 14');
    expect(run.output).toMatch(/工单明细_补录\.csv.*columns not loaded \(not in the contract\): 备用电话hmac:[0-9a-f]{16}/);
  });
});

describe('a printed DATABASE_URL', () => {
  it('hides its password, in the URL, as a query parameter or as key=value', () => {
    expect(redactUrl('postgres://etl:s3cret@db.example:5432/warehouse')).toBe('postgres://etl:***@db.example:5432/warehouse');
    expect(redactUrl('postgresql://db.example/warehouse?user=etl&password=s3cret')).toBe('postgresql://db.example/warehouse?user=etl&password=***');
    expect(redactUrl('host=db.example password=s3cret dbname=warehouse')).toBe('host=db.example password=*** dbname=warehouse');
  });

  it('hides it in the errors of the command line too', async () => {
    for (const url of ['postgres://etl:s3cret@127.0.0.1:1/warehouse', 'postgres://etl:s3cret@127.0.0.1:notaport/warehouse']) {
      const { code, output } = await runEtl(['sql', 'select 1'], { ...process.env, DATABASE_URL: url });
      expect(code).toBe(2);
      expect(output).toMatch(/^etl: .*postgres:\/\/etl:\*\*\*@127\.0\.0\.1/m);
      expect(output).not.toContain('s3cret');
    }
  });
});
