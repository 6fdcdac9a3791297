/**
 * Anchors: how a figure is found in a draft. Each figure's header lists the phrases that state it,
 * `{}` standing for its number and the unit written after `{}` as the report writes it:
 *
 *   -- anchor: 拥有正式员工 {} 名
 *   -- anchor: 累计回收样本超 {} 万份
 *   -- anchor: 年度健康体检{全覆盖 = 100}              (a word that states a value)
 *   -- anchor: {均为 = safety.hazards}[3 级隐患]       (a word that states another figure's value)
 *   -- anchor: [培训]覆盖 {} %                          ([…]: words its sentence must hold)
 *   -- signs: 上升 增长 +, 下降 减少 -                  (words before the number that give its sign)
 *
 * A number in the draft is this figure's when its unit is the figure's (or an anchor's) and the
 * words around it share enough with an anchor's words: what counts is the character pairs
 * (bigrams) of the anchor's words before `{}` found, in order and ending near the number, among
 * the words before it, and likewise after its unit, within the sentence and never past another
 * number. So next year's sentence, reworded a little, still finds its figure, and a figure whose
 * own number is missing (工单处理及时率达XX%、满意度达98.4%) does not take the next one.
 */
import { readDraftText } from './draft-text.js';
import { comparatorBefore, findNumbers, hasUnit, tailAt, type Comparator } from './numbers.js';

export interface NumberAnchor {
  kind: 'number';
  /** As written in the header. */
  written: string;
  /** Words (`[…]` in the header) the sentence must hold somewhere, as read. */
  required: string[];
  /** The words before the number (without a comparator word) and after its unit, as read. */
  before: string;
  after: string;
  comparator: Comparator;
  magnitude: number;
  unit: string;
  /** Numbers with a unit that are part of the wording before the number (`15 秒` in `人工话务 15 秒及时接通率达 {} %`). */
  wording: Array<{ value: number; unit: string }>;
}

export interface WordAnchor {
  kind: 'word';
  written: string;
  required: string[];
  before: string;
  after: string;
  /** The word that stands for the number (`全覆盖`, `未发生`, `均为`). */
  word: string;
  /** What it states: a value in the figure's unit, or that the figure equals another figure. */
  states: { value: number } | { figure: string };
}

export type Anchor = NumberAnchor | WordAnchor;

/** Sign words: the nearest of them before the number gives it its sign. */
export type SignWords = Array<{ word: string; sign: 1 | -1 }>;

const PLACEHOLDER = /\{([^{}]*)\}/g;

/** Parses one `anchor` header value; throws a message naming what is wrong. */
export function parseAnchor(written: string): Anchor {
  const required = [...written.matchAll(/\[([^[\]]+)\]/g)].map((m) => readDraftText(m[1]).text);
  if (/[[\]]/.test(written.replace(/\[[^[\]]+\]/g, ''))) throw new Error(`anchor ${JSON.stringify(written)}: a [ without its ] (or the other way round)`);
  const phrase = written.replace(/\[[^[\]]+\]/g, ' ');
  const placeholders = [...phrase.matchAll(PLACEHOLDER)];
  if (placeholders.length !== 1) throw new Error(`anchor ${JSON.stringify(written)}: write {} exactly once, where the number stands`);
  const [whole, inside] = placeholders[0];
  const at = placeholders[0].index!;
  // As around a number in a draft: the words since the last number with a unit, up to the next.
  const fullBefore = readDraftText(phrase.slice(0, at)).text;
  const before = wordsSinceLastNumber(fullBefore);
  const after = readDraftText(phrase.slice(at + whole.length)).text;
  if (inside.trim() === '') {
    const [start, comparator] = comparatorBefore(before, before.length);
    const tail = tailAt(after, 0);
    const anchor: NumberAnchor = {
      kind: 'number',
      written,
      required,
      before: before.slice(0, start),
      after: wordsUpToNextNumber(after.slice(tail.end)),
      comparator: tail.more ? '>' : (tail.after ?? comparator),
      magnitude: tail.magnitude,
      unit: tail.unit,
      wording: findNumbers(fullBefore).filter(hasUnit).map((n) => ({ value: n.value * n.magnitude, unit: n.unit })),
    };
    if (letters(anchor.before).length + letters(anchor.after).length + required.length === 0) throw new Error(`anchor ${JSON.stringify(written)}: give the words around the number`);
    return anchor;
  }
  const m = /^\s*([^=\s]+)\s*=\s*(\S+)\s*$/.exec(inside);
  if (!m) throw new Error(`anchor ${JSON.stringify(written)}: a word stands for the number as {全覆盖 = 100} or {均为 = safety.hazards}`);
  const states = /^-?\d+(\.\d+)?$/.test(m[2]) ? { value: Number(m[2]) } : /^[a-z]+(\.[a-z0-9_]+)+$/.test(m[2]) ? { figure: m[2] } : null;
  if (!states) throw new Error(`anchor ${JSON.stringify(written)}: after = comes a number or a figure id, not ${JSON.stringify(m[2])}`);
  return { kind: 'word', written, required, before, after: wordsUpToNextNumber(after), word: m[1], states };
}

function wordsSinceLastNumber(text: string): string {
  const last = findNumbers(text).pop();
  return last ? text.slice(last.end) : text;
}

function wordsUpToNextNumber(text: string): string {
  const next = findNumbers(text)[0];
  return next ? text.slice(0, next.start) : text;
}

/** Parses a `signs` header: `上升 增长 +, 下降 减少 -`. */
export function parseSigns(written: string | undefined): SignWords {
  if (!written) return [];
  const out: SignWords = [];
  for (const group of written.split(/[,，]/)) {
    const words = group.trim().split(/\s+/).filter(Boolean);
    const sign = words.pop();
    if ((sign !== '+' && sign !== '-') || words.length === 0) throw new Error(`signs ${JSON.stringify(written)}: write the words, then + or -, e.g. 上升 增长 +, 下降 -`);
    for (const word of words) out.push({ word, sign: sign === '+' ? 1 : -1 });
  }
  return out;
}

/** The sign the words before a number give it: the nearest sign word, else none (+1). */
export function signOf(signs: SignWords, before: string): 1 | -1 {
  let best: { at: number; sign: 1 | -1 } | null = null;
  for (const s of signs) {
    const at = before.lastIndexOf(s.word);
    if (at >= 0 && (!best || at + s.word.length > best.at)) best = { at: at + s.word.length, sign: s.sign };
  }
  return best?.sign ?? 1;
}

/** Letters only (Han characters and Latin letters): digits, spaces and punctuation do not count. */
function lettersOf(text: string): string {
  return text.replace(/[^\p{Script=Han}A-Za-z]/gu, '');
}

/** Letters as an array (Han characters and Latin letters, in order). */
export function letters(text: string): string[] {
  return [...lettersOf(text)];
}

/** How close to the number the anchor's words must end (before it) or start (after its unit), in letters. */
const NEAR = 6;

/** Words that say a number is a change, not a level: 较上年减少 4 人 is not the headcount. */
const CHANGE_WORDS = ['增加', '减少', '提升', '提高', '下降', '上升', '增长', '降低', '同比', '环比', '较上年', '较去年', '比上年'];

/**
 * The anchor's words matched, in order, into the words before a number: the first match (the one
 * nearest the number) must end at most NEAR letters from it, the others are taken greedily
 * towards the start. The letters between the nearest match and the number are returned too.
 */
function alignBefore(anchor: string[], context: string[]): { matched: number; total: number; gap: string } {
  const pairs = anchor.length === 1 ? [anchor[0]] : anchor.slice(0, -1).map((c, i) => c + anchor[i + 1]);
  const at = (k: number, end: number): number => {
    // The last occurrence of pair k ending at or before `end` (exclusive), as its start, or -1.
    const p = pairs[k];
    for (let i = end - p.length; i >= 0; i--) if (context.slice(i, i + p.length).join('') === p) return i;
    return -1;
  };
  let best = { matched: 0, gap: context.join('') };
  for (let k = pairs.length - 1; k >= 0; k--) {
    const first = at(k, context.length);
    if (first < 0 || context.length - (first + pairs[k].length) > NEAR) continue;
    let matched = 1;
    let end = first + 1;
    for (let j = k - 1; j >= 0; j--) {
      const i = at(j, end);
      if (i >= 0) {
        matched++;
        end = i + 1;
      }
    }
    if (matched > best.matched) best = { matched, gap: context.slice(first + pairs[k].length).join('') };
  }
  return { ...best, total: pairs.length };
}

/**
 * How well the words around a number fit an anchor: the share of the anchor's character pairs
 * found in order near it (1 for an anchor of required words only), and how many were found,
 * each required word counting as one. Nothing fits when a required word is missing from the
 * sentence, or when a figure of a level (`level`: no `signs`) would be read from a number right
 * after a word of change (较上年减少 4 人).
 */
export function fit(anchor: Anchor, before: string[], after: string[], sentence: string, level = true): { share: number; found: number } {
  if (!anchor.required.every((word) => sentence.includes(word))) return { share: 0, found: 0 };
  const a = letters(anchor.before);
  const b = letters(anchor.after);
  const near = { matched: 0, total: 0 };
  if (a.length > 0) {
    const m = alignBefore(a, before);
    // …提升至 93.4% states the level again: a change word then 至, 到, 为 or 达 is fine.
    if (level && m.matched > 0 && CHANGE_WORDS.some((w) => m.gap.includes(w)) && !/[至到为达]$/.test(m.gap)) return { share: 0, found: 0 };
    near.matched += m.matched;
    near.total += m.total;
  }
  if (b.length > 0) {
    const m = alignBefore([...b].reverse(), [...after].reverse());
    near.matched += m.matched;
    near.total += m.total;
  }
  return { share: near.total === 0 ? 1 : near.matched / near.total, found: near.matched + anchor.required.length };
}

/** Units that name the same thing: a count of people is written 人, 名 or 位. */
const SAME_UNIT: string[][] = [['人', '名', '位']];

/** The base units a figure's number may be written in (without 万 or 亿). */
export function acceptedUnits(figure: { unit: string; displayUnit: string }, anchors: Anchor[]): Set<string> {
  const base = (u: string) => u.replace(/^[万亿]/, '');
  const units = new Set<string>([base(figure.unit), base(figure.displayUnit)]);
  // A change of a rate, in percentage points, is written 0.41% as often as 0.41个百分点.
  if (figure.unit === 'pp') for (const u of ['%', '个百分点', '百分点']) units.add(u);
  for (const a of anchors) if (a.kind === 'number') units.add(a.unit);
  for (const group of SAME_UNIT) if (group.some((u) => units.has(u))) for (const u of group) units.add(u);
  return units;
}
