/**
 * `make bench`: measures the pipeline at a year's scale against the practical limits and
 * prints a table plus one `bench: NAME VALUE` line per figure. Each timing is the median of
 * three runs; each run loads into a fresh database. Needs the PostgreSQL server
 * (BENCH_DATABASE_URL, default postgres://postgres@127.0.0.1:5432/test, used to create and
 * drop the bench databases) and the full sample year in samples/data/2023 for (e).
 * BENCH_ONLY=f,g (letters a–g, comma-separated) measures only those: (c) needs (a), (b) and
 * (d), and (d) needs (a), so asking for one of them measures what it needs too.
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
import { BENCH_YEAR, csvFolder, writeBenchCsv, writeBenchXlsx } from './bench-data.js';

const ROOT = projectRoot();
const ADMIN_URL = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const DATA = join(ROOT, 'samples', 'data', 'bench');
const YEAR_DATA = join(ROOT, 'samples', 'data', '2023');
const RUNS = Number(process.env.BENCH_RUNS ?? 3);
/** The year loaded beside the bench's own in (g): a CSV set of the same size with its own keys. */
const NEXT_YEAR = BENCH_YEAR + 1;
const ONLY = new Set((process.env.BENCH_ONLY || 'a,b,c,d,e,f,g').split(',').map((x) => x.trim().toLowerCase()).filter(Boolean));
if (ONLY.has('c')) ['a', 'b', 'd'].forEach((x) => ONLY.add(x));
if (ONLY.has('d')) ONLY.add('a');
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

/**
 * `etl run` exits 1 here because the bench folders hold only three sources (figures not
 * computable). Into a fresh database, or into `into` (a server database already made) when given.
 */
async function etlRun(input: string, target: 'server' | 'embedded', options: { year?: number; into?: string } = {}): Promise<Measure> {
  const out = mkdtempSync(join(tmpdir(), 'bench-out-'));
  const env: NodeJS.ProcessEnv = { ETL_PII_KEY: 'bench-0123456789abcdef0123456789abcdef' };
  let dir: string | null = null;
  if (target === 'server') env.DATABASE_URL = options.into ?? (await freshDatabase('etl_bench'));
  else {
    dir = mkdtempSync(join(tmpdir(), 'bench-wh-'));
    env.DATABASE_URL = '';
    env.ETL_WAREHOUSE_DIR = dir;
  }
  try {
    return timed(process.execPath, [join(ROOT, 'bin', 'etl.js'), 'run', '--year', String(options.year ?? BENCH_YEAR), '--input', input, '--out', out], env, [0, 1]);
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

/** Medians of several runs, each a set of named timings (run one after another). */
async function repeatSteps(label: string, run: () => Promise<Record<string, Measure>>): Promise<Record<string, Measure>> {
  const all: Record<string, Measure>[] = [];
  for (let i = 0; i < RUNS; i++) {
    const m = await run();
    log(`  ${label} #${i + 1}: ${Object.entries(m).map(([k, v]) => `${k} ${v.seconds.toFixed(1)} s`).join(', ')}`);
    all.push(m);
  }
  return Object.fromEntries(Object.keys(all[0]).map((k) => [k, { seconds: median(all.map((m) => m[k].seconds)), rssMb: Math.max(...all.map((m) => m[k].rssMb)) }]));
}

/** (f) The CSV set into a fresh server database, then the same folder again: the second run finds every file held and unchanged. */
async function unchangedRerun(): Promise<Record<string, Measure>> {
  const url = await freshDatabase('etl_bench');
  const input = join(DATA, csvFolder(BENCH_YEAR));
  const first = await etlRun(input, 'server', { into: url });
  const second = await etlRun(input, 'server', { into: url });
  return { first, second };
}

/** (g) The next year's CSV set into a server database holding the bench's year, and into an empty one. */
async function nextYear(): Promise<Record<string, Measure>> {
  const held = await freshDatabase('etl_bench');
  const heldYear = await etlRun(join(DATA, csvFolder(BENCH_YEAR)), 'server', { into: held });
  const besideHeld = await etlRun(join(DATA, csvFolder(NEXT_YEAR)), 'server', { into: held, year: NEXT_YEAR });
  const intoEmpty = await etlRun(join(DATA, csvFolder(NEXT_YEAR)), 'server', { year: NEXT_YEAR });
  return { heldYear, besideHeld, intoEmpty };
}

/** Writes what the asked measures read and is missing (each part once, deterministic; a marker file says it is complete). */
async function ensureBenchData(): Promise<void> {
  // Bench data written before the parts had markers of their own: one marker for csv/ and xlsx/.
  const old = existsSync(`${DATA}.complete`);
  const part = async (name: string, needed: boolean, write: () => Promise<void>) => {
    const marker = join(DATA, `${name}.complete`);
    if (!needed || old || existsSync(marker)) return;
    await write();
    writeFileSync(marker, `${new Date().toISOString()}\n`);
  };
  await part(csvFolder(BENCH_YEAR), ['a', 'd', 'f', 'g'].some((x) => ONLY.has(x)), () => writeBenchCsv(DATA, BENCH_YEAR, log));
  await part('xlsx', ONLY.has('b'), () => writeBenchXlsx(DATA, log));
  const next = join(DATA, `${csvFolder(NEXT_YEAR)}.complete`);
  if (ONLY.has('g') && !existsSync(next)) {
    await writeBenchCsv(DATA, NEXT_YEAR, log);
    writeFileSync(next, `${new Date().toISOString()}\n`);
  }
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
  await ensureBenchData();
  if (ONLY.has('e') && !existsSync(YEAR_DATA)) throw new Error(`the sample year is missing: run \`make samples\` first (${YEAR_DATA})`);
  const rows: [string, string, string, string][] = [];
  const out: [string, number][] = [];
  const csv = join(DATA, csvFolder(BENCH_YEAR));
  let csvEtl: Measure | undefined;
  let xlsxEtl: Measure | undefined;
  let embedded: Measure | undefined;
  if (ONLY.has('a')) {
    log('(a) CSV set, 3,000,000 rows: etl run vs psql \\copy');
    csvEtl = await repeat('etl run (server)', () => etlRun(csv, 'server'));
    const copy = await repeat('psql \\copy', psqlCopy);
    rows.push(['(a) CSV: etl run ÷ psql \\copy', `${csvEtl.seconds.toFixed(1)} s ÷ ${copy.seconds.toFixed(1)} s`, `${(csvEtl.seconds / copy.seconds).toFixed(2)}×`, '≤ 4×']);
    out.push(['csv_etl_seconds', csvEtl.seconds], ['csv_psql_copy_seconds', copy.seconds], ['csv_ratio', csvEtl.seconds / copy.seconds]);
  }
  if (ONLY.has('b')) {
    log('(b) XLSX set, 450,000 rows in 12 workbooks: etl run vs bare exceljs read');
    xlsxEtl = await repeat('etl run (server)', () => etlRun(join(DATA, 'xlsx'), 'server'));
    const bare = await repeat('exceljs read', () => timed(process.execPath, [join(ROOT, 'dist', 'samples', 'bench', 'read-xlsx.js'), join(DATA, 'xlsx')]));
    rows.push(['(b) XLSX: etl run ÷ exceljs read', `${xlsxEtl.seconds.toFixed(1)} s ÷ ${bare.seconds.toFixed(1)} s`, `${(xlsxEtl.seconds / bare.seconds).toFixed(2)}×`, '≤ 1.3×']);
    out.push(['xlsx_etl_seconds', xlsxEtl.seconds], ['xlsx_exceljs_seconds', bare.seconds], ['xlsx_ratio', xlsxEtl.seconds / bare.seconds]);
  }
  if (ONLY.has('d')) {
    log('(d) CSV set on the embedded warehouse');
    embedded = await repeat('etl run (embedded)', () => etlRun(csv, 'embedded'));
  }
  if (csvEtl && xlsxEtl && embedded) {
    rows.push(['(c) peak RSS: CSV / XLSX / embedded', `${csvEtl.rssMb.toFixed(0)} / ${xlsxEtl.rssMb.toFixed(0)} / ${embedded.rssMb.toFixed(0)} MB`, `${Math.max(csvEtl.rssMb, xlsxEtl.rssMb, embedded.rssMb).toFixed(0)} MB`, '≤ 512 MB']);
    out.push(['peak_rss_mb_csv', csvEtl.rssMb], ['peak_rss_mb_xlsx', xlsxEtl.rssMb], ['peak_rss_mb_embedded', embedded.rssMb]);
  }
  if (csvEtl && embedded) {
    rows.push(['(d) embedded ÷ server (CSV set)', `${embedded.seconds.toFixed(1)} s ÷ ${csvEtl.seconds.toFixed(1)} s`, `${(embedded.seconds / csvEtl.seconds).toFixed(2)}×`, '≤ 2×']);
    out.push(['embedded_seconds', embedded.seconds], ['embedded_ratio', embedded.seconds / csvEtl.seconds]);
  }
  if (ONLY.has('e')) {
    log('(e) all figures on the full sample year');
    const figures = await figuresOnFullYear();
    rows.push([`(e) all ${loadCatalog(2023).length} figures, full year`, `${figures.toFixed(2)} s`, `${figures.toFixed(2)} s`, '≤ 10 s']);
    out.push(['figures_seconds', figures]);
  }
  if (ONLY.has('f')) {
    log(`(f) CSV set of ${BENCH_YEAR} into a fresh server database, then the same folder again (unchanged, held)`);
    const { first, second } = await repeatSteps('etl run (server)', unchangedRerun);
    rows.push(['(f) second run, unchanged CSV set (server) ÷ first', `${second.seconds.toFixed(1)} s ÷ ${first.seconds.toFixed(1)} s`, `${((100 * second.seconds) / first.seconds).toFixed(1)} %`, '≤ 10 %']);
    out.push(['rerun_first_seconds', first.seconds], ['rerun_second_seconds', second.seconds], ['rerun_ratio', second.seconds / first.seconds]);
  }
  if (ONLY.has('g')) {
    log(`(g) CSV set of ${NEXT_YEAR} into a server database holding ${BENCH_YEAR}'s, and into an empty one`);
    const { besideHeld, intoEmpty } = await repeatSteps('etl run (server)', nextYear);
    rows.push([`(g) ${NEXT_YEAR} CSV set beside ${BENCH_YEAR} ÷ into empty (server)`, `${besideHeld.seconds.toFixed(1)} s ÷ ${intoEmpty.seconds.toFixed(1)} s`, `${(besideHeld.seconds / intoEmpty.seconds).toFixed(2)}×`, '≤ 1.2×']);
    out.push(['next_year_beside_held_seconds', besideHeld.seconds], ['next_year_into_empty_seconds', intoEmpty.seconds], ['next_year_ratio', besideHeld.seconds / intoEmpty.seconds]);
  }

  const w = [0, 1, 2, 3].map((i) => Math.max(...rows.map((r) => r[i].length), 8));
  process.stdout.write(`\nbench on ${cpus().length} cores, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, ${new Date().toISOString().slice(0, 10)}, median of ${RUNS}\n`);
  for (const r of [['measure', 'times', 'result', 'target'], ...rows]) process.stdout.write(`${r.map((c, i) => c.padEnd(w[i])).join('  ')}\n`);
  for (const [name, value] of out) process.stdout.write(`bench: ${name} ${Number(value.toFixed(3))}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`bench: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 2;
});
