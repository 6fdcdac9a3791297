/**
 * `etl check-report` over the small sample year: the generator's draft (each published figure's
 * sentence with the number it was built to), changed copies of it, the same text in other shapes
 * (line breaks inside sentences and between numbers and units, GB18030 .txt, Word), and the
 * command itself: its JSON, check-report.html, exit status and errors.
 */
import { Document, Packer, Paragraph, TextRun } from 'docx';
import iconv from 'iconv-lite';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { draftPath, sidecarPath } from '../samples/generator/index.js';
import { checkReport, type ReportCheck } from '../src/draft/check-report.js';
import { openWarehouse } from '../src/db/open.js';
import { loadCatalog } from '../src/figures/catalog.js';
import { runPipeline } from '../src/pipeline/run.js';
import { sources } from '../pipelines/index.js';
import { etl, etlEnvFor } from './support/audit-cli.js';
import { tempDir } from './support/fixtures.js';
import { removeSamples, SAMPLE_PII_KEY, samplePublished, writeSmallSamples } from './support/sample-run.js';
import { createTestWarehouse, WAREHOUSE_KINDS, type TestWarehouse } from './support/warehouses.js';
import { writeBombXlsx } from './support/zip-bomb.js';

let input: string;
let draft: string;
let published: string[];
beforeAll(async () => {
  input = await writeSmallSamples();
  draft = readFileSync(draftPath(input), 'utf8');
  published = Object.keys(JSON.parse(readFileSync(sidecarPath(input, 'targets'), 'utf8')).figures).sort();
});
afterAll(() => removeSamples(input));

const verdicts = (r: ReportCheck) => Object.fromEntries(r.figures.map((f) => [f.id, f.verdict]));
const dir = tempDir('etl-drafts-');
let n = 0;
function draftFile(text: string | Buffer, ext = 'md'): string {
  const path = join(dir, `draft-${++n}.${ext}`);
  writeFileSync(path, text);
  return path;
}

/** The draft with the number of each of `ids` changed: one more in its last digit, or for a 超/余 figure far below. */
function changed(check: ReportCheck, text: string, ids: string[]): string {
  const places = check.figures.filter((f) => ids.includes(f.id)).sort((a, b) => b.place!.originalStart - a.place!.originalStart);
  let out = text;
  for (const f of places) {
    const span = out.slice(f.place!.originalStart, f.place!.originalEnd);
    const m = /\d+(\.\d+)?/.exec(span)!;
    const decimals = m[1] ? m[1].length - 1 : 0;
    const value = Number(m[0]);
    const next = f.comparator === '>' ? value * 0.5 : value + 10 ** -decimals;
    out = out.slice(0, f.place!.originalStart) + span.replace(m[0], next.toFixed(decimals)) + out.slice(f.place!.originalEnd);
  }
  return out;
}

describe.each(WAREHOUSE_KINDS)('check-report on the small sample year, %s', (kind) => {
  let t: TestWarehouse;
  let check: (file: string) => Promise<ReportCheck>;
  let first: ReportCheck;
  beforeAll(async () => {
    t = await createTestWarehouse(kind);
    const wh = await openWarehouse(t.config);
    try {
      await runPipeline(wh, { sources, year: 2023, inputDir: input, piiKey: SAMPLE_PII_KEY, publishedFile: samplePublished(input) });
    } finally {
      await wh.close();
    }
    check = async (file) => {
      const w = await openWarehouse(t.config);
      try {
        return await checkReport(w, file, 2023);
      } finally {
        await w.close();
      }
    };
    first = await check(draftFile(draft));
  });
  afterAll(async () => {
    await t.dispose();
  });

  it('finds every published figure of the generator’s draft agreeing, and no untraced number', () => {
    const all = loadCatalog(2023).map((f) => f.id);
    const expected = Object.fromEntries(all.map((id) => [id, published.includes(id) ? 'agrees' : 'not_found']));
    expect(verdicts(first)).toEqual(expected);
    expect(first.untraced).toEqual([]);
    // Every figure is found by the sentence written for it.
    for (const f of first.figures.filter((x) => x.verdict === 'agrees')) expect(draft.replace(/\s+/g, '')).toContain(f.sentence!.replace(/。$/, ''));
  });

  it('flags exactly the figures whose numbers were changed', async () => {
    const ids = ['hr.headcount', 'audit.responsible', 'experience.samples', 'complaints.appeal_rate_change', 'volunteer.hours', 'safety.hazards'];
    const r = await check(draftFile(changed(first, draft, ids)));
    expect(r.figures.filter((f) => f.verdict === 'disagrees').map((f) => f.id).sort()).toEqual([...ids].sort());
    expect(r.figures.filter((f) => f.verdict === 'agrees').length).toBe(published.length - ids.length);
    const headcount = r.figures.find((f) => f.id === 'hr.headcount')!;
    expect(headcount).toMatchObject({ text: `${first.figures.find((f) => f.id === 'hr.headcount')!.text_value! + 1}名`, computed: first.figures.find((f) => f.id === 'hr.headcount')!.computed });
    expect(headcount.reason).toMatch(/the text states .* computed/);
  });

  it('reads the same with line breaks inside sentences and between numbers and their units', async () => {
    // A line break after every six Chinese characters, as text copied from a PDF has (a line
    // break between two digits is never joined: it may as well part two cells of a table).
    const broken = draft.replace(/(\d)\s*(万|%|人次|人|名|次|件|个|项|份|位|条|期|张|起|小时|秒)/g, '$1\n\n$2').replace(/(\p{Script=Han}{6})(?=\p{Script=Han})/gu, '$1\n');
    expect(broken).not.toBe(draft);
    const r = await check(draftFile(broken));
    expect(verdicts(r)).toEqual(verdicts(first));
    expect(r.untraced).toEqual([]);
  });

  it('reads a GB18030 text file and a Word document alike', async () => {
    const gb = await check(draftFile(iconv.encode(draft.replace(/\n/g, '\r\n'), 'gb18030'), 'txt'));
    expect(gb.draft.encoding).toBe('gb18030');
    expect(verdicts(gb)).toEqual(verdicts(first));
    // Word: one paragraph per line; each number in a run of its own, bold, its unit in the next run.
    const paragraphs = draft.split('\n').map((line) => new Paragraph({ children: line.split(/(\d[\d.,]*)/).map((part, i) => new TextRun({ text: part, bold: i % 2 === 1 })) }));
    const docx = await Packer.toBuffer(new Document({ sections: [{ children: paragraphs }] }));
    const word = await check(draftFile(Buffer.from(docx), 'docx'));
    expect(word.draft.format).toBe('docx');
    expect(verdicts(word)).toEqual(verdicts(first));
  });

  describe('the command', () => {
    it('prints the summary and JSON, writes check-report.html, and exits 0 when nothing disagrees', async () => {
      const out = tempDir('etl-check-out-');
      const file = draftFile(draft);
      const text = await etl(['check-report', file, '--year', '2023', '--out', out], etlEnvFor(t.config));
      expect(text.code).toBe(0);
      expect(text.stdout).toMatch(new RegExp(`figures: ${first.figures.length} of 2023 \\(run \\d+\\): ${published.length} agree, 0 disagree, 0 not computable, ${first.figures.length - published.length} not found`));
      expect(text.stdout).toContain(`output: ${join(out, 'check-report.html')}`);
      const json = await etl(['check-report', file, '--year', '2023', '--json', '--out', out], etlEnvFor(t.config));
      expect(json.code).toBe(0);
      const parsed = JSON.parse(json.stdout);
      expect(parsed).toMatchObject({ year: 2023, file, run_id: expect.any(Number), untraced: [] });
      const onTime = parsed.figures.find((f: { id: string }) => f.id === 'hotline.on_time_rate');
      expect(onTime).toMatchObject({ verdict: 'agrees', text: expect.stringMatching(/%$/), text_value: expect.any(Number), computed: expect.any(Number), sentence: expect.stringContaining('工单处理及时率') });
      expect(draft.split('\n')[onTime.line - 1]).toContain('工单处理及时率');
      const html = readFileSync(join(out, 'check-report.html'), 'utf8');
      expect(html).toContain('<mark class="agrees"');
      expect(html).toContain('href="report.html#fig-hotline-on_time_rate"');
    });

    it('exits 1 and names the figure when a number disagrees', async () => {
      const out = tempDir('etl-check-out-');
      const r = await etl(['check-report', draftFile(changed(first, draft, ['audit.responsible'])), '--year', '2023', '--out', out], etlEnvFor(t.config));
      expect(r.code).toBe(1);
      expect(r.stdout).toMatch(/DISAGREES +audit\.responsible/);
      expect(readFileSync(join(out, 'check-report.html'), 'utf8')).toMatch(/<mark class="disagrees" title="audit\.responsible[^"]*"><a href="report\.html#fig-audit-responsible">/);
    });

    it('exits 1 when the draft states none of the year’s figures', async () => {
      const r = await etl(['check-report', draftFile('# 2023 年工作总结\n\n今年工作顺利。\n'), '--year', '2023', '--out', tempDir('etl-check-out-')], etlEnvFor(t.config));
      expect(r.code).toBe(1);
      expect(r.stdout).toMatch(/0 agree, 0 disagree, 0 not computable, \d+ not found/);
      expect(r.stdout).toContain('the draft states none of the year');
    });

    it('exits 2 with a plain message for a damaged Word file, a zip bomb, or a year without a run', async () => {
      const cut = draftFile(Buffer.from('PK\u0003\u0004 not really a zip'), 'docx');
      const damaged = await etl(['check-report', cut, '--year', '2023', '--out', tempDir('etl-check-out-')], etlEnvFor(t.config));
      expect(damaged.code).toBe(2);
      expect(damaged.stderr).toContain(cut);
      expect(damaged.stderr).not.toMatch(/\n\s+at /);
      const bomb = join(dir, 'bomb.docx');
      writeBombXlsx(bomb, { mib: 2, declaredSheetBytes: 1000 });
      const refused = await etl(['check-report', bomb, '--year', '2023', '--out', tempDir('etl-check-out-')], etlEnvFor(t.config));
      expect(refused.code).toBe(2);
      expect(refused.stderr).toMatch(/bomb\.docx.*more than the 1,000 bytes/s);
      const noRun = await etl(['check-report', draftFile(draft), '--year', '2022', '--out', tempDir('etl-check-out-')], etlEnvFor(t.config));
      expect(noRun.code).toBe(2);
      expect(noRun.stderr).toMatch(/no run for 2022/);
    });
  });
});
