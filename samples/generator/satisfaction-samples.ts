/**
 * 满意度/YYYY年满意度测评样本.csv: UTF-8 with BOM, tab-separated, one line per survey sample,
 * with samples of Dec Y-1 and Jan Y+1 that the year filter must leave out.
 */
import { join } from 'node:path';
import { PROVINCES, PROVINCE_WEIGHTS, provinceLongName } from './fake.js';
import { fileReport } from './manifest.js';
import type { FileReport } from './manifest.js';
import { ExactSelector } from './random.js';
import type { Rng } from './random.js';
import type { SampleRecord } from './records.js';
import { countFor, numeratorFor } from './targets.js';
import type { Published } from './targets.js';
import { TextFileWriter } from './text-file.js';
import { daysOf, formatDateText, isoDay } from './time.js';

export const SURVEYS = ['公众综合', '四融', '产数', '即时测评'] as const;
export const TOUCHPOINTS = ['热线投诉', '营业厅', '装维服务'] as const;
export const STATUSES = ['成功', '失败', '无效'] as const;
const INSTANT = 3;
const NONE = 255;

/** One array per column. score in tenths (-1 = empty); passed 2 = empty. */
export interface SampleTable {
  n: number;
  day: Int32Array;
  survey: Uint8Array;
  province: Uint8Array;
  touchpoint: Uint8Array;
  status: Uint8Array;
  score: Int16Array;
  audited: Uint8Array;
  passed: Uint8Array;
}

export function buildSamples(rng: Rng, year: number, targets: Published): SampleTable {
  const t = targets.figures;
  const success = countFor('survey.success_samples', t['survey.success_samples']);
  const inYear = success + Math.round(success * 0.028) + Math.round(success * 0.008);
  const dec = Math.round(success * 0.012);
  const jan = Math.round(success * 0.01);
  const n = dec + inYear + jan;
  const tb: SampleTable = {
    n, day: new Int32Array(n), survey: new Uint8Array(n), province: new Uint8Array(n), touchpoint: new Uint8Array(n).fill(NONE),
    status: new Uint8Array(n), score: new Int16Array(n).fill(-1), audited: new Uint8Array(n), passed: new Uint8Array(n).fill(2),
  };
  const nProvinces = countFor('survey.instant_provinces', t['survey.instant_provinces']);
  const nTouchpoints = countFor('survey.instant_touchpoints', t['survey.instant_touchpoints']);
  if (nProvinces < 1 || nProvinces > PROVINCES.length || nTouchpoints < 1 || nTouchpoints > TOUCHPOINTS.length) throw new Error('instant-survey targets out of range');
  const provinces = rng.shuffle(PROVINCES.map((_, i) => i)).slice(0, nProvinces);
  const touchpoints = rng.shuffle(TOUCHPOINTS.map((_, i) => i)).slice(0, nTouchpoints);

  // Days: sorted draws within each period (weekends quieter).
  const fillDays = (from: number, count: number, firstDay: number, lastDay: number) => {
    const weights = Array.from({ length: lastDay - firstDay + 1 }, (_, k) => ((firstDay + k + 4) % 7 === 0 || (firstDay + k + 4) % 7 === 6 ? 0.6 : 1));
    const counts = new Int32Array(weights.length);
    for (let k = 0; k < count; k++) counts[rng.weighted(weights)]++;
    let i = from;
    counts.forEach((c, k) => tb.day.fill(firstDay + k, i, (i += c)));
  };
  fillDays(0, dec, daysOf(year - 1, 12, 1), daysOf(year - 1, 12, 31));
  fillDays(dec, inYear, daysOf(year, 1, 1), daysOf(year, 12, 31));
  fillDays(dec + inYear, jan, daysOf(year + 1, 1, 1), daysOf(year + 1, 1, 31));

  // Exact counts over the year's samples: successes, audits, audits that failed.
  const isSuccess = new ExactSelector(rng, inYear, success);
  const audits = Math.round(inYear * 0.04);
  const isAudited = new ExactSelector(rng, inYear, audits);
  const failsAudit = new ExactSelector(rng, audits, audits - numeratorFor('survey.accuracy', t['survey.accuracy'], audits));
  let instant = 0;
  for (let i = 0; i < n; i++) {
    const year0 = i >= dec && i < dec + inYear;
    const survey = rng.weighted([40, 15, 10, 35]);
    tb.survey[i] = survey;
    tb.province[i] = rng.weighted(PROVINCE_WEIGHTS);
    if (survey === INSTANT) {
      tb.touchpoint[i] = rng.pick(TOUCHPOINTS.map((_, k) => k));
      if (year0) {
        // the first instant samples of the year visit every chosen province and touchpoint
        tb.province[i] = instant < nProvinces ? provinces[instant] : provinces[rng.weighted(provinces.map((p) => PROVINCE_WEIGHTS[p]))];
        tb.touchpoint[i] = instant < nTouchpoints ? touchpoints[instant] : rng.pick(touchpoints);
        instant++;
      }
    } else if (rng.chance(0.03)) tb.touchpoint[i] = rng.int(0, TOUCHPOINTS.length - 1);
    const ok = year0 ? isSuccess.take() : rng.chance(0.96);
    tb.status[i] = ok ? 0 : rng.chance(0.78) ? 1 : 2;
    if (ok) tb.score[i] = rng.chance(0.7) ? 10 * [10, 9, 8, 7, 6][rng.weighted([30, 18, 14, 6, 2])] : rng.int(40, 100);
    const audited = year0 ? isAudited.take() : rng.chance(0.04);
    tb.audited[i] = audited ? 1 : 0;
    if (audited) tb.passed[i] = (year0 ? failsAudit.take() : rng.chance(0.1)) ? 0 : 1;
  }
  if (instant < Math.max(nProvinces, nTouchpoints)) throw new Error('too few instant-survey samples for the province and touchpoint targets');
  return tb;
}

export function* sampleRecords(tb: SampleTable): Generator<SampleRecord> {
  for (let i = 0; i < tb.n; i++) {
    yield {
      survey: SURVEYS[tb.survey[i]], province: PROVINCES[tb.province[i]], touchpoint: tb.touchpoint[i] === NONE ? null : TOUCHPOINTS[tb.touchpoint[i]],
      survey_date: isoDay(tb.day[i]), status: STATUSES[tb.status[i]], audited: tb.audited[i] === 1, audit_passed: tb.passed[i] === 2 ? null : tb.passed[i] === 1,
    };
  }
}

const HEADER = ['样本编号', '测评项目', '省份', '触点', '测评日期', '样本状态', '满意度得分', '是否稽核', '稽核结果'];
const BOOLS = [['是', '否'], ['1', '0'], ['Y', 'N']] as const;

/** Invalid lines: [position as a share of the file, problem, change to a valid-looking line]. */
const BAD: [number, string, (f: string[]) => void][] = [
  [0.11, '满意度得分 11 (above 10)', (f) => void (f[6] = '11')],
  [0.27, '样本状态 未知 (not a status)', (f) => void (f[5] = '未知')],
  [0.43, '省份 火星 (not a province)', (f) => void (f[2] = '火星')],
  [0.58, '测评日期 Y-02-30 (no such day)', (f) => void (f[4] = f[4].slice(0, 4) + '-02-30')],
  [0.74, '即时测评 without 触点', (f) => void ((f[1] = '即时测评'), (f[3] = ''))],
  [0.9, '样本状态 成功 without 满意度得分', (f) => void (f[6] = '')],
];

/** The sample number of row i of the table, as the export writes it. */
export function sampleId(tb: SampleTable, i: number, base = 0): string {
  return `S${isoDay(tb.day[i]).slice(0, 4)}${String(i + 1 + base).padStart(7, '0')}`;
}

/** `idOf` numbers the samples otherwise (a continued year keeps the numbers the year before gave its samples). */
export async function writeSamples(rng: Rng, outDir: string, year: number, tb: SampleTable, idOf: (i: number) => string = (i) => sampleId(tb, i)): Promise<FileReport> {
  const file = join('满意度', `${year}年满意度测评样本.csv`);
  const w = TextFileWriter.open(join(outDir, file), 'utf-8-bom');
  w.push(HEADER.join('\t'));
  let b = 0;
  for (let i = 0; i < tb.n; i++) {
    const [yes, no] = BOOLS[rng.weighted([70, 20, 10])];
    const style = rng.weighted([60, 15, 10, 10, 5]);
    const date = style === 2 ? `${isoDay(tb.day[i])} ${rng.int(8, 21)}:${String(rng.int(0, 59)).padStart(2, '0')}:${String(rng.int(0, 59)).padStart(2, '0')}` : formatDateText(tb.day[i], (['iso', 'slash', 'iso', 'compact', 'cn'] as const)[style]);
    const score = tb.score[i];
    const province = PROVINCES[tb.province[i]];
    const f = [
      idOf(i), SURVEYS[tb.survey[i]], rng.chance(0.2) ? provinceLongName(province) : province,
      tb.touchpoint[i] === NONE ? '' : TOUCHPOINTS[tb.touchpoint[i]], date, STATUSES[tb.status[i]],
      score < 0 ? '' : score % 10 === 0 ? String(score / 10) : (score / 10).toFixed(1), tb.audited[i] ? yes : no, tb.passed[i] === 2 ? '' : tb.passed[i] ? yes : no,
    ];
    if (w.push(f.join('\t'))) await w.flush();
    if (b < BAD.length && i >= Math.floor(tb.n * BAD[b][0])) {
      const copy = [`S${year}${9_000_001 + b}`, '公众综合', province, '', isoDay(tb.day[i]), '成功', '9', no, ''];
      BAD[b++][2](copy);
      w.push(copy.join('\t'));
    }
  }
  await w.close();
  return fileReport({
    file, source: 'satisfaction_samples', sheet: null, headerRow: 1, rowsRead: w.lineCount - 1, expectedRejected: BAD.length,
    expectedSkipped: { duplicate: 0, blank: 0, summary: 0 },
    notes: BAD.map(([, problem]) => `rejected: ${problem.replace('Y-', `${year}-`)}`),
  });
}
