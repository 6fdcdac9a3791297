/**
 * Reading numbers in a draft: the text as read (line breaks and spaces gone where they only wrap
 * Chinese), numbers with units, magnitudes and comparators, Chinese numerals. Pure functions.
 */
import { describe, expect, it } from 'vitest';
import { readDraftText } from '../src/draft/draft-text.js';
import { chineseValue, findNumbers, hasUnit, stepOf } from '../src/draft/numbers.js';

const read = (text: string) => findNumbers(readDraftText(text).text).map((n) => ({ text: n.text, value: n.value, decimals: n.decimals, magnitude: n.magnitude, unit: n.unit, comparator: n.comparator }));

describe('the text as read', () => {
  it('drops line breaks and spaces between Chinese and numbers, keeps them between two numbers', () => {
    expect(readDraftText('审核工单 45.2\n\n万件，定责\n企业').text).toBe('审核工单45.2万件，定责企业');
    expect(readDraftText('封堵攻击 IP 地址 1731 个').text).toBe('封堵攻击IP地址1731个');
    expect(readDraftText('2\n3 个').text).toBe('2 3个');
    expect(readDraftText('服务 1,282.\n2 万次').text).toBe('服务1,282.2万次');
    expect(readDraftText('达 ９８．４％').text).toBe('达98.4%');
    expect(readDraftText('服务１，２８２．２万次，共３，４个').text).toBe('服务1,282.2万次，共3，4个');
    expect(readDraftText('审核工单&nbsp;45.2万件').text).toBe('审核工单45.2万件');
  });

  it('remembers where each character stands in the original', () => {
    const original = '审核工单 45.2\n\n万件';
    const r = readDraftText(original);
    const at = r.text.indexOf('万');
    expect(original[r.origin[at]]).toBe('万');
    expect(original[r.origin[r.text.indexOf('4')]]).toBe('4');
  });

  it('ends sentences at 。！？； and never at a line break', () => {
    const r = readDraftText('第一句，\n仍是第一句。第二句；第三句');
    expect(r.sentences.map(([s, e]) => r.text.slice(s, e))).toEqual(['第一句，仍是第一句。', '第二句；', '第三句']);
    const entity = readDraftText('A&amp;B 公司审核工单 45.2 万件; 下一句');
    expect(entity.sentences.map(([s, e]) => entity.text.slice(s, e))).toEqual(['A&amp;B公司审核工单45.2万件;', '下一句']);
  });
});

describe('numbers with their units', () => {
  it('reads the forms a report writes', () => {
    expect(read('及时率达 98.4%')).toEqual([{ text: '98.4%', value: 98.4, decimals: 1, magnitude: 1, unit: '%', comparator: '=' }]);
    expect(read('审核工单 45.2\n万件')).toEqual([{ text: '45.2万件', value: 45.2, decimals: 1, magnitude: 10_000, unit: '件', comparator: '=' }]);
    expect(read('共使用资金5.07万。')).toEqual([{ text: '5.07万', value: 5.07, decimals: 2, magnitude: 10_000, unit: '', comparator: '=' }]);
    expect(read('提供服务 1,282.2 万次')).toEqual([{ text: '1,282.2万次', value: 1282.2, decimals: 1, magnitude: 10_000, unit: '次', comparator: '=' }]);
    expect(read('回收样本超 11.4 万份')).toEqual([{ text: '超11.4万份', value: 11.4, decimals: 1, magnitude: 10_000, unit: '份', comparator: '>' }]);
    expect(read('覆盖 1000 余人次')).toEqual([{ text: '1000余人次', value: 1000, decimals: 0, magnitude: 1, unit: '人次', comparator: '余' }]);
    expect(read('服务 10 余万人次')[0]).toMatchObject({ value: 10, magnitude: 10_000, unit: '人次', comparator: '余' });
    expect(read('开展 30 多次')).toEqual([{ text: '30多次', value: 30, decimals: 0, magnitude: 1, unit: '次', comparator: '余' }]);
    expect(read('参加 100 人以上')).toEqual([{ text: '100人以上', value: 100, decimals: 0, magnitude: 1, unit: '人', comparator: '≥' }]);
    expect(read('下降 -0.41 个百分点')).toEqual([{ text: '-0.41个百分点', value: -0.41, decimals: 2, magnitude: 1, unit: '个百分点', comparator: '=' }]);
    expect(read('约 30 次')[0]).toMatchObject({ value: 30, comparator: '≈' });
    expect(read('不足 5 起')[0]).toMatchObject({ value: 5, comparator: '<' });
  });

  it('reads Chinese numerals followed by a unit or led by a comparator', () => {
    expect(read('开展两次演练')).toEqual([{ text: '两次', value: 2, decimals: 0, magnitude: 1, unit: '次', comparator: '=' }]);
    expect(read('十余项成果')).toEqual([{ text: '十余项', value: 10, decimals: 0, magnitude: 1, unit: '项', comparator: '余' }]);
    expect(read('近百人')[0]).toMatchObject({ text: '近百人', value: 100, comparator: '近', unit: '人' });
    expect(read('近百')[0]).toMatchObject({ value: 100, comparator: '近', unit: '' });
    expect(read('三十五个省')[0]).toMatchObject({ value: 35, unit: '个' });
    expect(chineseValue('一百零五')).toBe(105);
    expect(chineseValue('十五')).toBe(15);
    expect(chineseValue('十四五')).toBeNull();
    expect(read('百分之九十八点四')).toEqual([{ text: '百分之九十八点四', value: 98.4, decimals: 1, magnitude: 1, unit: '%', comparator: '=' }]);
    expect(read('百分之98.4')[0]).toMatchObject({ value: 98.4, unit: '%' });
    // 数百人, 上千次: a size, not a number — read (it ends its neighbours' words) but never judged.
    expect(findNumbers(readDraftText('数百人，上千次').text).map((n) => [n.text, n.stand_in, n.incidental])).toEqual([['百人', 'vague', true], ['千次', 'vague', true]]);
  });

  it('reads a placeholder with a unit as a number still to be written', () => {
    expect(findNumbers(readDraftText('比例 XX%，共 ××万件，** 人').text).map((n) => [n.text, n.stand_in, n.unit, n.magnitude])).toEqual([
      ['XX%', 'placeholder', '%', 1],
      ['××万件', 'placeholder', '件', 10_000],
      ['**人', 'placeholder', '人', 1],
    ]);
    expect(findNumbers(readDraftText('X光检查，XXL码').text)).toEqual([]);
  });

  it('reads a range as one number from its first to its last', () => {
    const [range] = findNumbers(readDraftText('覆盖 400～500 人次').text);
    expect(range).toMatchObject({ text: '400～500人次', value: 500, low: 400, comparator: '~', unit: '人次' });
    expect(findNumbers(readDraftText('4万至5万人').text)[0]).toMatchObject({ value: 5, low: 4, magnitude: 10_000, comparator: '~' });
  });

  it('does not read words as numbers: 一季度, 一解率, 两块牌子, UE189, 5G', () => {
    expect(read('一季度人工话务一解率，两块牌子')).toEqual([]);
    // 一 with a unit is read, but as incidental (一套班子, 一次): never listed as untraced.
    expect(findNumbers(readDraftText('一套班子').text).map((n) => n.incidental)).toEqual([true]);
    expect(read('UE189上线，5G用户')).toEqual([]);
    expect(read('IPv6 改造')).toEqual([]);
  });

  it('marks ordinals, rates and named numbers as incidental', () => {
    const incidental = (text: string) => findNumbers(readDraftText(text).text).map((n) => n.incidental);
    expect(incidental('第 8 份报告')).toEqual([true]);
    expect(incidental('每 1 次')).toEqual([true]);
    expect(incidental('“四个文明”建设')).toEqual([true]);
    expect(incidental('“60天优质客服养成法”')).toEqual([true]);
    expect(incidental('一次检查')).toEqual([true]);
    expect(incidental('72项内容')).toEqual([false]);
  });

  it('counts a magnitude alone as a unit, a year or a month as none', () => {
    const units = (text: string) => findNumbers(readDraftText(text).text).map(hasUnit);
    expect(units('资金6.43万')).toEqual([true]);
    expect(units('2023年10月')).toEqual([false, false]);
  });

  it('gives the step of the last written digit', () => {
    expect(stepOf(11.4, 1)).toBeCloseTo(0.1);
    expect(stepOf(30, 0)).toBe(10);
    expect(stepOf(1000, 0)).toBe(1000);
    expect(stepOf(14, 0)).toBe(1);
    expect(stepOf(99.5, 2)).toBeCloseTo(0.01);
  });
});
