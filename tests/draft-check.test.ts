/**
 * checkDraft on drafts and values written here: which number each figure takes, and the verdict
 * at the text's own precision, unit and comparator (values worked out by hand below).
 */
import { describe, expect, it } from 'vitest';
import { parseAnchor, parseSigns } from '../src/draft/anchors.js';
import { checkDraft, type FigureToCheck } from '../src/draft/check.js';
import { readDraftText } from '../src/draft/draft-text.js';
import { sentenceOf, writeDraft } from '../src/draft/write-draft.js';
import { renderCheckHtml } from '../src/draft/check-report-html.js';
import { loadCatalog, parseFigureFile } from '../src/figures/catalog.js';

function fig(id: string, unit: string, anchors: string[], value: number | null, extra: { signs?: string; displayUnit?: string; reason?: string } = {}): FigureToCheck {
  return {
    id,
    label: id,
    unit,
    displayUnit: extra.displayUnit ?? unit,
    precision: 0,
    anchors: anchors.map(parseAnchor),
    signs: parseSigns(extra.signs),
    value,
    reason: value === null ? (extra.reason ?? 'no rows') : null,
  };
}

const check = (text: string, figures: FigureToCheck[]) => checkDraft(readDraftText(text), figures);
const verdicts = (text: string, figures: FigureToCheck[]) => Object.fromEntries(check(text, figures).figures.map((f) => [f.id, f.verdict]));

describe('verdicts at the text’s precision and comparator', () => {
  const rate = (value: number) => [fig('on_time', '%', ['工单处理及时率达 {} %'], value)];
  it('= : the value rounded half-up to the decimals written', () => {
    expect(verdicts('工单处理及时率达 98.4%。', rate(98.35))).toEqual({ on_time: 'agrees' });
    expect(verdicts('工单处理及时率达 98.4%。', rate(98.449))).toEqual({ on_time: 'agrees' });
    expect(verdicts('工单处理及时率达 98.4%。', rate(98.34))).toEqual({ on_time: 'disagrees' });
    // Written with fewer decimals, the same value agrees at that precision.
    expect(verdicts('工单处理及时率达 98%。', rate(98.34))).toEqual({ on_time: 'agrees' });
  });

  it('万: 45.2 万件 is 452,000 件 at one decimal of 万; 5.7 万 does not state 50,700', () => {
    const reviewed = (v: number) => [fig('reviewed', '件', ['审核工单 {} 万件'], v, { displayUnit: '万件' })];
    const r = check('审核工单 45.2\n万件。', reviewed(451_600)).figures[0];
    expect(r).toMatchObject({ verdict: 'agrees', text: '45.2万件', text_value: 452_000, computed_text: '45.2万件' });
    expect(check('审核工单 5.7 万件。', reviewed(50_700)).figures[0]).toMatchObject({ verdict: 'disagrees', text_value: 57_000, computed_text: '5.1万件' });
    expect(verdicts('审核工单 452,000 件。', reviewed(452_000))).toEqual({ reviewed: 'agrees' });
  });

  it('超 X: more than X, by less than 10% of X', () => {
    const samples = (v: number) => [fig('samples', '份', ['累计回收样本超 {} 万份'], v)];
    expect(verdicts('累计回收样本超 11.4 万份。', samples(114_523))).toEqual({ samples: 'agrees' });
    expect(verdicts('累计回收样本超 11.4 万份。', samples(113_800))).toEqual({ samples: 'disagrees' });
    // 10% of 11.4万 is 1.14万: up to 125,399 agrees; 12.6万 would be written 超 12 万.
    expect(verdicts('累计回收样本超 11.4 万份。', samples(125_300))).toEqual({ samples: 'agrees' });
    expect(verdicts('累计回收样本超 11.4 万份。', samples(125_500))).toEqual({ samples: 'disagrees' });
    // A round bound far below the value is last year's: 超 10 万 is not 19.9万.
    expect(verdicts('累计回收样本超 10 万份。', samples(199_000))).toEqual({ samples: 'disagrees' });
  });

  it('余, 以上, 近, 约 and Chinese numerals', () => {
    const sessions = (v: number) => [fig('sessions', '次', ['各班组累计开展活动 {} 余次'], v)];
    expect(verdicts('各班组累计开展活动 30 余次。', sessions(31))).toEqual({ sessions: 'agrees' });
    expect(verdicts('各班组累计开展活动 30 余次。', sessions(30))).toEqual({ sessions: 'disagrees' });
    expect(verdicts('各班组累计开展活动 30 余次。', sessions(40))).toEqual({ sessions: 'disagrees' });
    expect(verdicts('各班组累计开展活动十余次。', sessions(12))).toEqual({ sessions: 'agrees' });
    expect(verdicts('各班组累计开展活动 30 次以上。', sessions(30))).toEqual({ sessions: 'agrees' });
    expect(verdicts('各班组累计开展活动约 30 次。', sessions(34))).toEqual({ sessions: 'agrees' });
    expect(verdicts('各班组累计开展活动约 30 次。', sessions(36))).toEqual({ sessions: 'disagrees' });
    const people = (v: number) => [fig('people', '人', ['参与志愿活动 {} 人'], v)];
    expect(verdicts('参与志愿活动近百人。', people(95))).toEqual({ people: 'agrees' });
    expect(verdicts('参与志愿活动近百人。', people(100))).toEqual({ people: 'disagrees' });
    expect(verdicts('参与志愿活动近百人。', people(85))).toEqual({ people: 'disagrees' });
    expect(verdicts('参与志愿活动 90～100 人。', people(95))).toEqual({ people: 'agrees' });
    expect(verdicts('参与志愿活动 90～100 人。', people(101))).toEqual({ people: 'disagrees' });
    const drills = (v: number) => [fig('drills', '次', ['开展应急演练 {} 次'], v)];
    expect(verdicts('开展应急演练两次。', drills(2))).toEqual({ drills: 'agrees' });
    expect(verdicts('开展应急演练两次。', drills(3))).toEqual({ drills: 'disagrees' });
  });

  it('sign words: 下降 0.41% states −0.41', () => {
    const change = (v: number) => [fig('change', 'pp', ['申诉工单率环比下降 {} %', '申诉工单率环比上升 {} %'], v, { signs: '上升 +, 下降 -' })];
    expect(check('申诉工单率环比下降 0.41%。', change(-0.409)).figures[0]).toMatchObject({ verdict: 'agrees', text_value: -0.41 });
    expect(verdicts('申诉工单率环比上升 0.41%。', change(-0.409))).toEqual({ change: 'disagrees' });
    expect(verdicts('申诉工单率环比上升 0.41 个百分点。', change(0.41))).toEqual({ change: 'agrees' });
  });

  it('words that state a value or another figure’s', () => {
    const figures = (health: number, hazards: number, level3: number) => [
      fig('health', '%', ['年度健康体检{全覆盖 = 100}', '年度健康体检覆盖率 {} %'], health),
      fig('safety.hazards', '个', ['共发现安全生产隐患 {} 个'], hazards),
      fig('level3', '个', ['{均为 = safety.hazards}[3 级隐患]', '[3 级隐患] {} 个'], level3),
    ];
    const text = '实现员工年度健康体检全覆盖。一年来共发现安全生产隐患 6 个，均为 3 级隐患。';
    expect(verdicts(text, figures(100, 6, 6))).toEqual({ health: 'agrees', 'safety.hazards': 'agrees', level3: 'agrees' });
    expect(verdicts(text, figures(99.5, 6, 5))).toEqual({ health: 'disagrees', 'safety.hazards': 'agrees', level3: 'disagrees' });
    // 均为 states level3 = hazards, not the 6 written: a wrong hazards number flags hazards only.
    expect(verdicts(text, figures(100, 7, 7))).toEqual({ health: 'agrees', 'safety.hazards': 'disagrees', level3: 'agrees' });
    expect(verdicts('年度健康体检覆盖率 100%。', figures(100, 6, 6)).health).toBe('agrees');
    // 均为 2 级隐患 does not state the level-3 count.
    expect(verdicts('共发现安全生产隐患 6 个，均为 2 级隐患。', figures(100, 6, 6)).level3).toBe('not_found');
  });

  it('not computable: a number the warehouse cannot back; not found: a figure the draft does not state', () => {
    const figures = [fig('contract', '%', ['劳动合同签订率 {} %'], null, { reason: 'no roster rows for 2023' }), fig('accuracy', '%', ['数据准确率 {} %'], 50)];
    const r = check('劳动合同签订率 100%。', figures).figures;
    expect(r[0]).toMatchObject({ verdict: 'not_computable', text: '100%', reason: 'no roster rows for 2023' });
    expect(r[1]).toMatchObject({ verdict: 'not_found', text: null, sentence: null });
  });
});

describe('which number is whose', () => {
  const experiencers = (added: number, kept: number) => [fig('new', '位', ['新增体验员 {} 位'], added), fig('active', '位', ['维系 {} 位', '维系体验员 {} 位'], kept)];

  it('two figures in one sentence, each its own number, also when reworded', () => {
    expect(verdicts('新增体验员 65 位，维系 490 位。', experiencers(65, 490))).toEqual({ new: 'agrees', active: 'agrees' });
    expect(verdicts('维系体验员 500 位，新增体验员 70 位。', experiencers(70, 500))).toEqual({ new: 'agrees', active: 'agrees' });
    expect(verdicts('新增体验员 65 位，维系 491 位。', experiencers(65, 490))).toEqual({ new: 'agrees', active: 'disagrees' });
  });

  it('a figure whose sentence is gone is not found, and takes no other number', () => {
    expect(verdicts('新增体验员 65 位。开展活动 490 次。', experiencers(65, 490))).toEqual({ new: 'agrees', active: 'not_found' });
    // Required words ([培训]) keep a short anchor off an unrelated sentence.
    const coverage = [fig('coverage', '%', ['[培训]覆盖 {} %'], 100)];
    expect(verdicts('落实云改数转战略，网络信号覆盖 100%。', coverage)).toEqual({ coverage: 'not_found' });
    expect(verdicts('参加培训共计 495 人次，覆盖 100%。网络信号覆盖 99%。', coverage)).toEqual({ coverage: 'agrees' });
  });

  it('a figure whose number is missing, a placeholder or a size does not take the next number', () => {
    const rates = [fig('on_time', '%', ['工单处理及时率达 {} %'], 98.4), fig('first', '%', ['一解率达 {} %'], 93.4)];
    expect(verdicts('工单处理及时率达XX%、投诉处理满意度达98.4%。', rates)).toEqual({ on_time: 'disagrees', first: 'not_found' });
    expect(check('工单处理及时率达XX%。', rates).figures[0].reason).toMatch(/placeholder, XX%, where this number goes/);
    expect(verdicts('工单处理及时率较上年提升，投诉处理满意度达98.4%。', rates)).toEqual({ on_time: 'not_found', first: 'not_found' });
    expect(verdicts('新增体验员数十位，维系 490 位。', experiencers(65, 490))).toEqual({ new: 'not_found', active: 'agrees' });
  });

  it('a level is not read from a change: 较上年减少 4 人 is not the headcount, 提升至 98.4% is the rate', () => {
    const headcount = [fig('headcount', '人', ['正式员工 {} 人'], 76)];
    expect(verdicts('正式员工较上年减少 4 人，现有 76 人。', headcount)).toEqual({ headcount: 'not_found' });
    expect(verdicts('正式员工总数为 76 人。', headcount)).toEqual({ headcount: 'agrees' });
    const rate = [fig('on_time', '%', ['工单处理及时率达 {} %'], 98.4)];
    expect(verdicts('工单处理及时率同比提升至98.4%。', rate)).toEqual({ on_time: 'agrees' });
    // A change figure (with signs) is read from its change words.
    const growth = [fig('growth', '%', ['人工话务量同比增长 {} %'], 58.8, { signs: '增长 +, 下降 -' })];
    expect(verdicts('人工话务量同比增长 58.8%。', growth)).toEqual({ growth: 'agrees' });
  });

  it('a number without a unit still ends the words of the number before it', () => {
    // 65 lost its unit: 490 位 is not 新增体验员's.
    expect(verdicts('新增体验员 65、维系 490 位。', experiencers(65, 490))).toEqual({ new: 'not_found', active: 'agrees' });
  });

  it('a repeated statement is judged too: one wrong repeat makes the figure disagree', () => {
    const contract = (v: number) => [fig('contract', '%', ['劳动合同签订率 {} %'], v)];
    const r = check('员工劳动合同签订率达 100%。……公司职工劳动合同签订率 99%。', contract(100)).figures[0];
    expect(r.verdict).toBe('disagrees');
    expect(r.text).toBe('100%');
    expect(r.reason).toMatch(/^stated again as “99%”, which disagrees: the text states 99%/);
    expect(r.also.map((s) => [s.text, s.verdict])).toEqual([['99%', 'disagrees']]);
  });

  it('lists the numbers with a unit that no figure states, and not years, ordinals or wording', () => {
    const figures = [fig('answer', '%', ['人工话务 15 秒及时接通率达 {} %'], 90.5)];
    const r = check('2023 年，第 8 份报告提取工资总额的 1.5% 作为培训经费；人工话务 15 秒及时接通率达 90.5%，共 72 项内容。', figures);
    expect(r.figures[0].verdict).toBe('agrees');
    expect(r.untraced.map((u) => u.text)).toEqual(['1.5%', '72项']);
    expect(r.untraced[0].sentence).toBe('2023年，第8份报告提取工资总额的1.5%作为培训经费；');
  });

  it('marks places in the original text, across its line breaks', () => {
    const original = '审核工单 45.2\n\n万件。';
    const r = check(original, [fig('reviewed', '件', ['审核工单 {} 万件'], 452_000)]).figures[0];
    expect(original.slice(r.place!.originalStart, r.place!.originalEnd)).toBe('45.2\n\n万件');
  });
});

describe('check-report.html', () => {
  it('marks every number, escapes the draft and shows control and bidi characters as escapes', () => {
    const text = '工单处理及时率达 98.4%，<script>alert(1)</script>\u202e共 72 项。';
    const reading = readDraftText(text);
    const result = checkDraft(reading, [fig('hotline.on_time_rate', '%', ['工单处理及时率达 {} %'], 98.4)]);
    const html = renderCheckHtml({ ...result, year: 2023, file: 'd.md', runId: 7, draft: { file: 'd.md', format: 'md', encoding: 'utf-8', text }, reading });
    expect(html).toContain('<mark class="agrees" title="hotline.on_time_rate hotline.on_time_rate: 一致 agrees — computed 98.4%"><a href="report.html#fig-hotline-on_time_rate">98.4%</a></mark>');
    expect(html).toContain('<mark class="untraced" title="untraced: no figure states this number">72 项</mark>');
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;\\u202e');
    expect(html).not.toContain('<script>');
    expect(html).not.toContain('\u202e');
  });
});

describe('a draft written from anchors', () => {
  it('states each figure with its first usable anchor, and reads back as agreeing', () => {
    const figures = [
      { id: 'samples', section: '三、责任绩效', order: 2, anchors: ['累计回收样本超 {} 万份'], number: 11.4, decimals: 1, magnitude: 10_000 },
      { id: 'health', section: '一、基础信息', order: 1, anchors: ['年度健康体检{全覆盖 = 100}', '年度健康体检覆盖率 {} %'], number: 100, decimals: 0, magnitude: 1 },
      { id: 'change', section: '三、责任绩效', order: 1, anchors: ['申诉工单率环比上升 {} %', '申诉工单率环比下降 {} %'], signs: '上升 +, 下降 -', number: -0.41, decimals: 2, magnitude: 1 },
      { id: 'reviewed', section: null, order: 1, anchors: ['审核工单 {} 万件'], number: 4520, decimals: 0, magnitude: 1 },
    ];
    expect(sentenceOf(figures[0])).toBe('累计回收样本超 11.4 万份');
    const draft = writeDraft('草稿', figures);
    expect(draft).toBe(['# 草稿', '', '## 一、基础信息', '', '年度健康体检全覆盖。', '', '## 三、责任绩效', '', '申诉工单率环比下降 0.41 %。累计回收样本超 11.4 万份。', '', '## 其他', '', '审核工单 4520 件。', ''].join('\n'));
    const r = verdicts(draft, [
      fig('samples', '份', figures[0].anchors, 114_523),
      fig('health', '%', figures[1].anchors, 100),
      fig('change', 'pp', figures[2].anchors, -0.41, { signs: '上升 +, 下降 -' }),
      fig('reviewed', '件', figures[3].anchors, 4520),
    ]);
    expect(r).toEqual({ samples: 'agrees', health: 'agrees', change: 'agrees', reviewed: 'agrees' });
  });

  it('refuses an anchor without {} or without words', () => {
    expect(() => parseAnchor('正式员工 名')).toThrow(/write \{\} exactly once/);
    expect(() => parseAnchor('{} 名')).toThrow(/give the words around the number/);
    expect(() => parseAnchor('{全覆盖}')).toThrow(/\{全覆盖 = 100\}/);
  });
});

describe('anchors in the catalogue', () => {
  it('every figure has anchors, and they parse', () => {
    for (const f of loadCatalog()) {
      expect(f.anchors.length, f.file).toBeGreaterThan(0);
      expect(() => f.anchors.map(parseAnchor), f.file).not.toThrow();
      expect(() => parseSigns(f.signs ?? undefined), f.file).not.toThrow();
    }
  });

  it('anchor and signs lines are wording: the figure’s SHA-256 leaves them out', () => {
    const header = ['-- id: x.y', '-- label: 标签', '-- unit: 件', '-- precision: 0', '-- sources: t', '-- definition: d'];
    const query = 'select 1 as value';
    const plain = parseFigureFile('x.y.sql', [...header, query].join('\n'));
    const worded = parseFigureFile('x.y.sql', [...header, '-- anchor: 共 {} 件', '-- anchor: 合计 {} 件', '-- signs: 增加 +, 减少 -', query].join('\n'));
    expect(worded.sha256).toBe(plain.sha256);
    expect(worded.anchors).toEqual(['共 {} 件', '合计 {} 件']);
    expect(worded.signs).toBe('增加 +, 减少 -');
    expect(parseFigureFile('x.y.sql', [...header, 'select 2 as value'].join('\n')).sha256).not.toBe(plain.sha256);
  });
});
