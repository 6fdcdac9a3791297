/**
 * `make bench`: measures the pipeline at a year's scale against the practical limits and
 * prints a table plus one `bench: NAME VALUE` line per figure. Each timing is the median of
 * three runs; each run loads into a fresh database. Needs the PostgreSQL server
 * (BENCH_DATABASE_URL, default postgres://postgres@127.0.0.1:5432/test, used to create and
 * drop the bench databases) and the full sample year in samples/data/2023 for (e).
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { openWarehouse } from '../../src/db/open.js';
import { loadCatalog, reportParameters } from '../../src/figures/catalog.js';
import { computeFigure } from '../../src/figures/compute.js';
import { projectRoot } from '../../src/paths.js';
import { writeBenchData } from './bench-data.js';

const ROOT = projectRoot();
const ADMIN_URL = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const DATA = join(ROOT, 'samples', 'data', 'bench');
const YEAR_DATA = join(ROOT, 'samples', 'data', '2023');
const RUNS = Number(process.env.BENCH_RUNS ?? 3);
const log = (s: string) => process.stderr.write(`${s}\n`);

interface Measure {
  seconds: number;
  rssMb: number;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

function dbUrl(name: string): string {
  const u = new URL(ADMIN_URL);
  u.pathname = `/${name}`;
  return u.toString();
}

async function freshDatabase(name: string): Promise<string> {
  const admin = new pg.Client({ connectionString: ADMIN_URL });
  await admin.connect();
  await admin.query(`drop database if exists ${name} with (force)`);
  await admin.query(`create database ${name}`);
  await admin.end();
  return dbUrl(name);
}

/** Runs a command under GNU time; returns wall seconds and peak RSS. */
function timed(cmd: string, args: string[], env: NodeJS.ProcessEnv = {}, okCodes = [0]): Measure {
  const stats = join(mkdtempSync(join(tmpdir(), 'bench-')), 'time');
  try {
    execFileSync('/usr/bin/time', ['-f', '%e %M', '-o', stats, cmd, ...args], { env: { ...process.env, ...env }, stdio: ['ignore', 'ignore', 'pipe'], maxBuffer: 64 << 20 });
  } catch (error) {
    const status = (error as { status?: number }).status ?? -1;
    if (!okCodes.includes(status)) throw new Error(`${cmd} ${args.join(' ')} failed (${status}): ${String((error as { stderr?: Buffer }).stderr ?? '').slice(-2000)}`);
  }
  const [seconds, kb] = readFileSync(stats, 'utf8').trim().split(/\s+/).slice(-2).map(Number);
  return { seconds, rssMb: kb / 1024 };
}

/** `etl run` exits 1 here because the bench folders hold only three sources (figures not computable). */
async function etlRun(input: string, target: 'server' | 'embedded'): Promise<Measure> {
  const out = mkdtempSync(join(tmpdir(), 'bench-out-'));
  const env: NodeJS.ProcessEnv = { ETL_PII_KEY: 'bench-0123456789abcdef0123456789abcdef' };
  let dir: string | null = null;
  if (target === 'server') env.DATABASE_URL = await freshDatabase('etl_bench');
  else {
    dir = mkdtempSync(join(tmpdir(), 'bench-wh-'));
    env.DATABASE_URL = '';
    env.ETL_WAREHOUSE_DIR = dir;
  }
  try {
    return timed(process.execPath, [join(ROOT, 'bin', 'etl.js'), 'run', '--year', '2023', '--input', input, '--out', out], env, [0, 1]);
  } finally {
    rmSync(out, { recursive: true, force: true });
    if (dir) rmSync(dir, { recursive: true, force: true });
  }
}

async function psqlCopy(): Promise<Measure> {
  const url = await freshDatabase('etl_bench');
  const script = [
    'create table tickets (c1 text, c2 text, c3 text, c4 text, c5 text, c6 text, c7 text, c8 text, c9 text, c10 text, c11 text, c12 text, c13 text);',
    'create table calls (c1 text, c2 text, c3 text, c4 text, c5 text, c6 text, c7 text, c8 text, c9 text);',
    `\\copy tickets from '${join(DATA, 'csv', '10005热线工单明细_2023.csv')}' with (format csv, header true, encoding 'GB18030')`,
    `\\copy calls from '${join(DATA, 'csv', '话务明细_2023.csv')}' with (format csv, header true)`,
  ].join('\n');
  const file = join(mkdtempSync(join(tmpdir(), 'bench-')), 'copy.sql');
  writeFileSync(file, script);
  return timed('psql', ['-q', '-v', 'ON_ERROR_STOP=1', '-f', file, url]);
}

async function repeat(label: string, run: () => Promise<Measure> | Measure): Promise<Measure> {
  const all: Measure[] = [];
  for (let i = 0; i < RUNS; i++) {
    const m = await run();
    log(`  ${label} #${i + 1}: ${m.seconds.toFixed(1)} s, ${m.rssMb.toFixed(0)} MB`);
    all.push(m);
  }
  return { seconds: median(all.map((m) => m.seconds)), rssMb: Math.max(...all.map((m) => m.rssMb)) };
}

async function figuresOnFullYear(): Promise<number> {
  const url = await freshDatabase('etl_bench_year');
  log('  loading the full sample year once for (e) …');
  timed(process.execPath, [join(ROOT, 'bin', 'etl.js'), 'run', '--year', '2023', '--input', YEAR_DATA, '--out', mkdtempSync(join(tmpdir(), 'bench-out-'))], { DATABASE_URL: url, ETL_PII_KEY: 'bench-0123456789abcdef0123456789abcdef' });
  const wh = await openWarehouse({ databaseUrl: url });
  const catalog = loadCatalog(2023);
  const params = reportParameters(2023);
  const times: number[] = [];
  try {
    for (let i = 0; i < RUNS; i++) {
      const started = performance.now();
      for (const figure of catalog) await computeFigure(wh, figure, params);
      times.push((performance.now() - started) / 1000);
      log(`  all ${catalog.length} figures #${i + 1}: ${times[i].toFixed(2)} s`);
    }
  } finally {
    await wh.close();
  }
  return median(times);
}

async function main(): Promise<void> {
  if (!existsSync(`${DATA}.complete`)) {
    await writeBenchData(DATA, log);
    writeFileSync(`${DATA}.complete`, `${new Date().toISOString()}\n`);
  }
  if (!existsSync(YEAR_DATA)) throw new Error(`the sample year is missing: run \`make samples\` first (${YEAR_DATA})`);
  log('(a) CSV set, 3,000,000 rows: etl run vs psql \\copy');
  const csvEtl = await repeat('etl run (server)', () => etlRun(join(DATA, 'csv'), 'server'));
  const copy = await repeat('psql \\copy', psqlCopy);
  log('(b) XLSX set, 450,000 rows in 12 workbooks: etl run vs bare exceljs read');
  const xlsxEtl = await repeat('etl run (server)', () => etlRun(join(DATA, 'xlsx'), 'server'));
  const bare = await repeat('exceljs read', () => timed(process.execPath, [join(ROOT, 'dist', 'samples', 'bench', 'read-xlsx.js'), join(DATA, 'xlsx')]));
  log('(d) CSV set on the embedded warehouse');
  const embedded = await repeat('etl run (embedded)', () => etlRun(join(DATA, 'csv'), 'embedded'));
  log('(e) all figures on the full sample year');
  const figures = await figuresOnFullYear();

  const rows: [string, string, string, string][] = [
    ['(a) CSV: etl run ÷ psql \\copy', `${csvEtl.seconds.toFixed(1)} s ÷ ${copy.seconds.toFixed(1)} s`, `${(csvEtl.seconds / copy.seconds).toFixed(2)}×`, '≤ 4×'],
    ['(b) XLSX: etl run ÷ exceljs read', `${xlsxEtl.seconds.toFixed(1)} s ÷ ${bare.seconds.toFixed(1)} s`, `${(xlsxEtl.seconds / bare.seconds).toFixed(2)}×`, '≤ 1.3×'],
    ['(c) peak RSS: CSV / XLSX / embedded', `${csvEtl.rssMb.toFixed(0)} / ${xlsxEtl.rssMb.toFixed(0)} / ${embedded.rssMb.toFixed(0)} MB`, `${Math.max(csvEtl.rssMb, xlsxEtl.rssMb, embedded.rssMb).toFixed(0)} MB`, '≤ 512 MB'],
    ['(d) embedded ÷ server (CSV set)', `${embedded.seconds.toFixed(1)} s ÷ ${csvEtl.seconds.toFixed(1)} s`, `${(embedded.seconds / csvEtl.seconds).toFixed(2)}×`, '≤ 2×'],
    [`(e) all ${loadCatalog(2023).length} figures, full year`, `${figures.toFixed(2)} s`, `${figures.toFixed(2)} s`, '≤ 10 s'],
  ];
  const w = [0, 1, 2, 3].map((i) => Math.max(...rows.map((r) => r[i].length), 8));
  process.stdout.write(`\nbench on ${cpus().length} cores, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, ${new Date().toISOString().slice(0, 10)}, median of ${RUNS}\n`);
  for (const r of [['measure', 'times', 'result', 'target'], ...rows]) process.stdout.write(`${r.map((c, i) => c.padEnd(w[i])).join('  ')}\n`);
  const out: [string, number][] = [
    ['csv_etl_seconds', csvEtl.seconds], ['csv_psql_copy_seconds', copy.seconds], ['csv_ratio', csvEtl.seconds / copy.seconds],
    ['xlsx_etl_seconds', xlsxEtl.seconds], ['xlsx_exceljs_seconds', bare.seconds], ['xlsx_ratio', xlsxEtl.seconds / bare.seconds],
    ['peak_rss_mb_csv', csvEtl.rssMb], ['peak_rss_mb_xlsx', xlsxEtl.rssMb], ['peak_rss_mb_embedded', embedded.rssMb],
    ['embedded_seconds', embedded.seconds], ['embedded_ratio', embedded.seconds / csvEtl.seconds], ['figures_seconds', figures],
  ];
  for (const [name, value] of out) process.stdout.write(`bench: ${name} ${Number(value.toFixed(3))}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`bench: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 2;
});
