/**
 * Numbers in a draft's text, read as a reader reads them: `98.4%`, `45.2万件`, `1,282.2万次`,
 * `超11.4万份`, `1000余人次`, `30多次`, `100人以上`, `近百`, `两次`, `十余项`, `-0.41个百分点`.
 *
 * A number is Arabic digits (thousands separated by `,` at most; not glued to Latin letters, as in
 * `UE189` or `5G`), or Chinese numerals followed by a unit or led by a comparator word (`两次`,
 * `十余项`, `近百`; `一季度`, `一解率` and `一套班子` are words, not numbers). After it may come a
 * magnitude (`万` = 10,000, `亿` = 100,000,000), `余` or `多`, a unit from UNITS, and `以上`,
 * `以下`, `以内` or `左右`; before it a comparator word (`超`, `超过`, `逾`, `近`, `约`, `不足` …).
 *
 * What a comparator claims, with X the number as written and v the value in the same unit:
 * - none (`=`): v rounded half-up to X's decimals is X (`98.4%` agrees with 98.35 … 98.449…);
 * - `余` (余, 多: `30余次`, `十余项`): X and some — above X, below X plus one step of its last
 *   written digit (`30余` is 31 to 39, `1000余` 1,001 to 1,999, `11.4万余` 11.4万 to 11.5万);
 * - `>` (超, 超过, 逾, 多于, 高于): v > X; `≥` (以上): v ≥ X; in both, v is below X plus 10% of X
 *   (or one unit of its last decimal when that is more) — `超11.4万` agrees with 11.63万, not with
 *   12.6万, and `超10万` not with 19.9万: a bound far below the value is most often last year's number;
 * - `<` (不足, 不到, 少于, 低于): v < X; `≤` (以下, 以内): v ≤ X; both above X less that margin;
 * - `~` (a range, `400～500人次`, `400至500人次`): X₁ ≤ v ≤ X₂;
 * - `近` (近, 将近, 接近): X × 0.9 ≤ v < X (`近百` is 90 to 99);
 * - `≈` (约, 大约, 左右): v is within half a step of X, the step being the place of X's last
 *   written digit (`约30次` is 25 to 35, `约1.5万` is 1.45万 to 1.55万).
 */

export type Comparator = '=' | '>' | '余' | '≥' | '<' | '≤' | '近' | '≈' | '~';

export interface NumberMention {
  /** [start, end) in the reading, from the comparator word to the last unit word. */
  start: number;
  end: number;
  /** [start, end) of the number itself (digits or numerals). */
  numberStart: number;
  numberEnd: number;
  /** The mention as written in the reading: `超11.4万份`. */
  text: string;
  /** The number as written, without its magnitude: 11.4 for `11.4万`. */
  value: number;
  /** Decimals written (1 for `11.4`, 2 for `99.50`). */
  decimals: number;
  /** 1, 10,000 (`万`) or 100,000,000 (`亿`). */
  magnitude: number;
  /** The unit after the number and its magnitude (`份`, `%`, `人次`), or '' when none. */
  unit: string;
  comparator: Comparator;
  /** Written with Chinese numerals (`两次`, `近百`). */
  chinese: boolean;
  /** For a range (`400～500人次`), its first number (in the same magnitude); else null. */
  low: number | null;
  /**
   * Not a number but a stand-in: `placeholder` where the number is still to be filled in (`XX%`,
   * `××位`, `**件`), `vague` for a size (`数十位`, `上千次`). Either ends the words of its
   * neighbours like a number; a placeholder is judged (it disagrees), a size never is.
   */
  stand_in: 'placeholder' | 'vague' | null;
  /** An ordinal (`第8份`), a rate of occurrence (`每1次`) or `一` with a unit (`一次`, `一个`, mostly a word): read, but not listed as an untraced quantity. */
  incidental: boolean;
}

/**
 * Units that make a number a stated quantity, longest first where one starts another. `分` (points)
 * is a unit unless it starts a word such as 分析 or 分享.
 */
export const UNITS = [
  '个百分点', '百分点', '千瓦时', '平方米',
  '人次', '户次', '件次', '场次', '小时', '分钟', '公里',
  '%', '‰', '人', '名', '位', '次', '件', '个', '项', '元', '份', '条', '期', '张', '起', '分', '秒',
  '天', '家', '场', '户', '台', '篇', '套', '批', '种', '所', '省', '宗', '例', '封', '笔', '倍', '册', '本', '届', '吨', '米', '成',
] as const;

const NOT_A_UNIT_AFTER: Record<string, RegExp> = {
  分: /^分[析享公配类别布解行局管成担散摊]/,
  米: /^米[饭粉]/,
  本: /^本[报年月次地部单职]/,
  所: /^所[有属在以谓得]/,
  期: /^期[间内限望待]/,
  名: /^名[称单义额字誉]/,
  户: /^户[口籍]/,
  台: /^台[账湾阶]/,
  省: /^省[级内外略]/,
  天: /^天[翼气然下]/,
  成: /^成[果效绩功立员本为熟长交]/,
  条: /^条[例件款]/,
  种: /^种[类植]/,
};

const BEFORE: Array<[string, Comparator]> = [
  ['超过', '>'], ['多于', '>'], ['高于', '>'], ['将近', '近'], ['接近', '近'], ['大约', '≈'],
  ['不足', '<'], ['不到', '<'], ['少于', '<'], ['低于', '<'],
  ['超', '>'], ['逾', '>'], ['近', '近'], ['约', '≈'],
];
const AFTER: Array<[string, Comparator]> = [['以上', '≥'], ['以下', '≤'], ['以内', '≤'], ['左右', '≈']];

const ARABIC = /(?<![A-Za-z0-9_.])(?:(-)(?=\d))?(\d{1,3}(?:,\d{3})+(?!\d)|\d+)(?:\.(\d+))?(?![A-Za-z_])/y;
const CHINESE_DIGIT: Record<string, number> = { 零: 0, 〇: 0, 一: 1, 二: 2, 两: 2, 三: 3, 四: 4, 五: 5, 六: 6, 七: 7, 八: 8, 九: 9 };
const CHINESE_PLACE: Record<string, number> = { 十: 10, 百: 100, 千: 1000 };
const CHINESE = /[零〇一二两三四五六七八九十百千]+/y;

/** The value of Chinese numerals below 万: `两` 2, `十` 10, `十五` 15, `三十` 30, `一百零五` 105; null if malformed. */
export function chineseValue(numerals: string): number | null {
  let total = 0;
  let digit: number | null = null;
  let lastPlace = Infinity;
  for (const c of numerals) {
    if (c === '零' || c === '〇') {
      // 一百零五: a zero only stands for a skipped place.
      if (digit !== null || lastPlace === Infinity) return null;
      continue;
    }
    if (c in CHINESE_DIGIT) {
      if (digit !== null && CHINESE_DIGIT[c] !== 0) return null;
      digit = CHINESE_DIGIT[c];
    } else {
      const place = CHINESE_PLACE[c];
      if (place >= lastPlace) return null;
      total += (digit ?? 1) * place;
      digit = null;
      lastPlace = place;
    }
  }
  return total + (digit ?? 0);
}

function unitAt(text: string, at: number): string {
  const rest = text.slice(at, at + 6);
  for (const unit of UNITS) {
    if (!rest.startsWith(unit)) continue;
    const not = NOT_A_UNIT_AFTER[unit];
    if (not && not.test(rest)) return '';
    return unit;
  }
  return '';
}

export function comparatorBefore(text: string, at: number): [number, Comparator] {
  for (const [word, comparator] of BEFORE) {
    if (text.startsWith(word, at - word.length)) return [at - word.length, comparator];
  }
  return [at, '='];
}

/** The tail after a number at `at`: magnitude, 余/多, unit, 以上 …; its end and what it says. */
export function tailAt(text: string, at: number): { end: number; magnitude: number; more: boolean; unit: string; after: Comparator | null } {
  let end = at;
  let magnitude = 1;
  if (text[end] === '万') [magnitude, end] = [10_000, end + 1];
  else if (text[end] === '亿') [magnitude, end] = [100_000_000, end + 1];
  let more = false;
  if ((text[end] === '余' || text[end] === '多') && !/^[余多][年月日]/.test(text.slice(end, end + 2))) [more, end] = [true, end + 1];
  // 10余万人次: the magnitude after 余.
  if (more && magnitude === 1 && (text[end] === '万' || text[end] === '亿')) [magnitude, end] = [text[end] === '万' ? 10_000 : 100_000_000, end + 1];
  const unit = unitAt(text, end);
  end += unit.length;
  let after: Comparator | null = null;
  for (const [word, comparator] of AFTER) {
    if (text.startsWith(word, end)) {
      after = comparator;
      end += word.length;
      break;
    }
  }
  return { end, magnitude, more, unit, after };
}

const PERCENT_WORDS = /百分之(?:(\d+(?:\.\d+)?)|([零〇一二两三四五六七八九十百]+)(?:点([零〇一二三四五六七八九]+))?)/y;

/** `百分之九十八点四`, `百分之98.4`: a percentage written in words. */
function percentInWords(text: string, at: number): NumberMention | null {
  PERCENT_WORDS.lastIndex = at;
  const m = PERCENT_WORDS.exec(text);
  if (!m) return null;
  let value: number | null;
  let decimals = 0;
  if (m[1] !== undefined) {
    value = Number(m[1]);
    decimals = m[1].split('.')[1]?.length ?? 0;
  } else {
    value = chineseValue(m[2]);
    if (value !== null && m[3]) {
      value = Number(`${value}.${[...m[3]].map((c) => CHINESE_DIGIT[c]).join('')}`);
      decimals = m[3].length;
    }
  }
  if (value === null) return null;
  const [start, comparator] = comparatorBefore(text, at);
  const end = at + m[0].length;
  return { start, end, numberStart: at, numberEnd: end, text: text.slice(start, end), value, decimals, magnitude: 1, unit: '%', comparator, chinese: m[1] === undefined, low: null, stand_in: null, incidental: false };
}

function mentionAt(text: string, at: number): NumberMention | null {
  if (text.startsWith('百分之', at)) return percentInWords(text, at);
  ARABIC.lastIndex = at;
  let m = ARABIC.exec(text);
  let chinese = false;
  let value: number;
  let decimals = 0;
  let numberEnd: number;
  if (m) {
    value = Number(m[2].replace(/,/g, '') + (m[3] ? `.${m[3]}` : '')) * (m[1] ? -1 : 1);
    decimals = m[3]?.length ?? 0;
    numberEnd = at + m[0].length;
  } else {
    CHINESE.lastIndex = at;
    m = CHINESE.exec(text);
    if (!m || (at > 0 && /[零〇一二两三四五六七八九十百千]/.test(text[at - 1]))) return null;
    const v = chineseValue(m[0]);
    if (v === null || v === 0) return null;
    value = v;
    chinese = true;
    numberEnd = at + m[0].length;
  }
  const tail = tailAt(text, numberEnd);
  const [start, before] = comparatorBefore(text, at);
  if (chinese) {
    // Numerals are a number only with a unit after them (两次, 十余项) or a comparator before (近百).
    if (!tail.unit && !(before !== '=' && /^[十百千]$/.test(m[0]))) return null;
  }
  const comparator: Comparator = tail.more ? '余' : (tail.after ?? before);
  const prefix = text.slice(Math.max(0, start - 1), start);
  // 数百人, 上千次, 几十个: a size, not a number.
  const vague = chinese && /^[十百千]$/.test(m[0]) && at > 0 && /[数上几成]/.test(text[at - 1]);
  return {
    start,
    end: tail.end,
    numberStart: at,
    numberEnd,
    text: text.slice(start, tail.end),
    value,
    decimals,
    magnitude: tail.magnitude,
    unit: tail.unit,
    comparator,
    chinese,
    low: null,
    stand_in: vague ? 'vague' : null,
    // A number right after an opening quote names something (“四个文明”, “60天优质客服养成法”).
    incidental: vague || prefix === '第' || prefix === '每' || /[“‘「《"']/.test(prefix) || (chinese && value === 1),
  };
}

const PLACEHOLDER = /(?<![A-Za-z])(?:[Xx×]{1,4}|[＊*]{1,4}|[□■○]{1,4})(?![A-Za-z])/y;

/** `XX%`, `××位`, `**万件`: where the draft's number is still to be written (it must have a unit). */
function placeholderAt(text: string, at: number): NumberMention | null {
  PLACEHOLDER.lastIndex = at;
  const m = PLACEHOLDER.exec(text);
  if (!m) return null;
  const tail = tailAt(text, at + m[0].length);
  if (!tail.unit && tail.magnitude === 1) return null;
  const [start, comparator] = comparatorBefore(text, at);
  return {
    start, end: tail.end, numberStart: at, numberEnd: at + m[0].length, text: text.slice(start, tail.end), value: Number.NaN, decimals: 0,
    magnitude: tail.magnitude, unit: tail.unit, comparator, chinese: false, low: null, stand_in: 'placeholder', incidental: false,
  };
}

/** Every number in the reading, in order. */
export function findNumbers(text: string): NumberMention[] {
  const out: NumberMention[] = [];
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (!/[\d零〇一二两三四五六七八九十百千\-Xx×＊*□■○]/.test(c)) continue;
    const mention = /[\d零〇一二两三四五六七八九十百千-]/.test(c) ? mentionAt(text, i) : placeholderAt(text, i);
    if (!mention) continue;
    const previous = out[out.length - 1];
    if (previous && isRangeStart(text, previous, mention)) {
      // 400～500人次: one mention, from the first number to the unit.
      out[out.length - 1] = { ...mention, start: previous.start, text: text.slice(previous.start, mention.end), comparator: '~', low: previous.value * (previous.magnitude === 1 ? 1 : previous.magnitude / mention.magnitude) };
    } else out.push(mention);
    i = mention.end - 1;
  }
  return out;
}

/** `400～500人次`, `400-500人次`, `400至500人次`, `4万至5万人`: a range, the unit (if any) only after its end. */
function isRangeStart(text: string, first: NumberMention, second: NumberMention): boolean {
  const between = text.slice(first.end, second.start);
  return /^[~～\-—–至到]$/.test(between) && !first.stand_in && !second.stand_in && first.unit === '' && first.comparator === '=' && second.comparator === '=' && (first.magnitude === 1 || first.magnitude === second.magnitude);
}

/** Whether a mention states a quantity with a unit (a magnitude alone, `6.43万`, counts). */
export function hasUnit(m: NumberMention): boolean {
  return m.unit !== '' || m.magnitude !== 1;
}

/** The place of the last written digit: 0.1 for `11.4`, 10 for `30`, 1000 for `1000`, 1 for `14`. */
export function stepOf(value: number, decimals: number): number {
  if (decimals > 0) return 10 ** -decimals;
  let step = 1;
  let v = Math.abs(Math.round(value));
  while (v !== 0 && v % 10 === 0) {
    v /= 10;
    step *= 10;
  }
  return step;
}
