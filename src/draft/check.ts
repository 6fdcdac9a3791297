/**
 * Checks a draft's text against the figures of a year: finds the sentence and number that state
 * each figure (by its anchors), judges the number against the computed value at the text's own
 * precision, unit and comparator, and lists the numbers with a unit that no figure claims.
 *
 * Finding: every number of the draft (and every word an anchor lets stand for one) is scored
 * against every anchor of every figure whose unit it has (anchors.ts `fit`); a pair counts when at
 * least half of the anchor's character pairs are found around the number. The pairs are then
 * taken best first, each figure and each number at most once — so when two figures share words
 * (新增体验员 65 位，维系 490 位), the closer fit decides and the other takes what is left. A
 * number left over whose best fit is a figure already found is a repeat of that figure (a draft
 * often states a rate twice), judged on its own: one wrong repeat makes the figure disagree.
 */
import { roundHalfUp } from '../figures/published.js';
import { acceptedUnits, fit, letters, signOf, type Anchor, type SignWords, type WordAnchor } from './anchors.js';
import { sentenceAt, type DraftReading } from './draft-text.js';
import { findNumbers, hasUnit, stepOf, type Comparator, type NumberMention } from './numbers.js';

export type Verdict = 'agrees' | 'disagrees' | 'not_computable' | 'not_found';

export interface FigureToCheck {
  id: string;
  label: string;
  /** Base unit of the computed value (`份`, `%`, `pp`) and the unit it is shown in (`万份`). */
  unit: string;
  displayUnit: string;
  precision: number;
  anchors: Anchor[];
  signs: SignWords;
  /** The computed value in the base unit, or null with the reason. */
  value: number | null;
  reason: string | null;
}

/** Where a statement stands: offsets in the reading and in the original text. */
export interface Place {
  start: number;
  end: number;
  originalStart: number;
  originalEnd: number;
}

export interface FigureCheck {
  id: string;
  label: string;
  verdict: Verdict;
  /** The sentence that states it, as read (line breaks gone), or null when not found. */
  sentence: string | null;
  /** The number as written (`超11.4万份`, `全覆盖`), or null. */
  text: string | null;
  /** What the text states, in the figure's base unit (452000 for `45.2万件`), or null. */
  text_value: number | null;
  comparator: Comparator | null;
  /** The computed value in the base unit, or null when not computable. */
  computed: number | null;
  /** The computed value at the text's precision and unit (`5.12万件`), or null. */
  computed_text: string | null;
  unit: string;
  /** Why: not computable, or what the comparison found. */
  reason: string | null;
  /** The anchor that found it. */
  anchor: string | null;
  place: Place | null;
  /** Further sentences that state it (a figure the draft repeats), each judged alone. */
  also: Statement[];
}

/** One more sentence stating a figure. */
export type Statement = Pick<FigureCheck, 'verdict' | 'sentence' | 'text' | 'text_value' | 'comparator' | 'computed_text' | 'reason' | 'anchor' | 'place'>;

export interface UntracedNumber {
  sentence: string;
  text: string;
  place: Place;
}

export interface DraftCheck {
  figures: FigureCheck[];
  untraced: UntracedNumber[];
}

/** A number or an anchor word in the draft, with the letters around it. */
interface Candidate {
  start: number;
  end: number;
  number: NumberMention | null;
  word: string | null;
  before: string;
  after: string;
}

const MIN_SHARE = 0.5;
/** A repeat of a figure already found must fit its anchor more closely than a first statement. */
const REPEAT_SHARE = 0.8;
const BEFORE_CHARS = 32;
const AFTER_CHARS = 32;

/** A figure, a number (or word) of the draft that fits one of its anchors, and how well. */
interface Pair {
  figure: FigureToCheck;
  candidate: number;
  share: number;
  found: number;
  anchor: Anchor;
}

export function checkDraft(reading: DraftReading, figures: FigureToCheck[]): DraftCheck {
  const sentence = (at: number) => {
    const [s, e] = reading.sentences[sentenceAt(reading, at)];
    return reading.text.slice(s, e);
  };
  const candidates = candidatesOf(reading, figures);
  const pairs = fittingPairs(candidates, figures, sentence);
  const { claimed, repeats, taken } = assign(pairs, candidates, reading);
  const byId = new Map(figures.map((f) => [f.id, f]));
  const place = (start: number, end: number): Place => ({ start, end, originalStart: reading.origin[start], originalEnd: originalEnd(reading, end) });
  const statement = (figure: FigureToCheck, q: Pair): Statement => {
    const c = candidates[q.candidate];
    const found = { sentence: sentence(c.start), text: reading.text.slice(c.start, c.end), anchor: q.anchor.written, place: place(c.start, c.end) };
    return { ...found, ...(c.number ? judgeNumber(figure, c.number, c.before) : judgeWord(figure, q.anchor as WordAnchor, byId)) };
  };
  const results = figures.map((figure): FigureCheck => {
    const p = claimed.get(figure.id);
    const base = { id: figure.id, label: figure.label, computed: figure.value, unit: figure.unit };
    if (!p) {
      return { ...base, verdict: 'not_found', sentence: null, text: null, text_value: null, comparator: null, computed_text: null, reason: figure.value === null ? figure.reason : null, anchor: null, place: null, also: [] };
    }
    const first = statement(figure, p);
    const also = (repeats.get(figure.id) ?? []).sort((a, b) => a.candidate - b.candidate).map((q) => statement(figure, q));
    const wrongRepeat = first.verdict !== 'disagrees' ? also.find((s) => s.verdict === 'disagrees') : undefined;
    if (wrongRepeat) return { ...base, ...first, verdict: 'disagrees', reason: `stated again as “${wrongRepeat.text}”, which disagrees: ${wrongRepeat.reason}`, also };
    return { ...base, ...first, also };
  });
  const untraced = candidates
    .map((c, i) => ({ c, i }))
    .filter(({ c, i }) => c.number && !taken.has(i) && hasUnit(c.number) && !c.number.incidental)
    .map(({ c }) => ({ sentence: sentence(c.start), text: reading.text.slice(c.start, c.end), place: place(c.start, c.end) }));
  return { figures: results, untraced };
}

/** The numbers of the draft and the places of the anchors' words, in order, with the words around each. */
function candidatesOf(reading: DraftReading, figures: FigureToCheck[]): Candidate[] {
  const words = [...new Set(figures.flatMap((f) => f.anchors.filter((a): a is WordAnchor => a.kind === 'word').map((a) => a.word)))];
  const wordPlaces = words.flatMap((word) => [...reading.text.matchAll(new RegExp(escapeRegExp(word), 'g'))].map((m) => ({ start: m.index!, end: m.index! + word.length, word })));
  return contexts(reading, findNumbers(reading.text), wordPlaces);
}

/** For each figure and each candidate of its unit, the anchor that fits best, if one fits well enough. */
function fittingPairs(candidates: Candidate[], figures: FigureToCheck[], sentence: (at: number) => string): Pair[] {
  const pairs: Pair[] = [];
  const around = candidates.map((c) => ({ before: letters(c.before), after: letters(c.after), sentence: sentence(c.start) }));
  for (const figure of figures) {
    const units = acceptedUnits(figure, figure.anchors);
    const level = figure.signs.length === 0;
    candidates.forEach((c, i) => {
      const { before, after, sentence: inSentence } = around[i];
      let best: Pair | null = null;
      for (const anchor of figure.anchors) {
        if (anchor.kind === 'number' ? !c.number || c.number.stand_in === 'vague' || !units.has(c.number.unit) || (c.number.unit === '' && c.number.magnitude === 1) : c.word !== anchor.word) continue;
        const { share, found } = fit(anchor, before, after, inSentence, level);
        if (share < MIN_SHARE) continue;
        if (!best || share > best.share || (share === best.share && found > best.found)) best = { figure, candidate: i, share, found, anchor };
      }
      if (best) pairs.push(best);
    });
  }
  return pairs.sort((a, b) => b.share - a.share || b.found - a.found || a.candidate - b.candidate);
}

/**
 * Best pairs first, each figure and each candidate once; then a number that is part of a
 * figure's wording (`15秒` in 人工话务15秒及时接通率达90.5%) is taken by it, and a close fit left
 * over is a repeat of a figure already found.
 */
function assign(pairs: Pair[], candidates: Candidate[], reading: DraftReading): { claimed: Map<string, Pair>; repeats: Map<string, Pair[]>; taken: Set<number> } {
  const claimed = new Map<string, Pair>();
  const taken = new Set<number>();
  for (const p of pairs) {
    if (claimed.has(p.figure.id) || taken.has(p.candidate)) continue;
    claimed.set(p.figure.id, p);
    taken.add(p.candidate);
  }
  for (const p of claimed.values()) {
    const anchor = p.anchor;
    if (anchor.kind !== 'number' || anchor.wording.length === 0) continue;
    const sentenceIndex = sentenceAt(reading, candidates[p.candidate].start);
    for (let i = p.candidate - 1; i >= 0 && sentenceAt(reading, candidates[i].start) === sentenceIndex; i--) {
      const n = candidates[i].number;
      if (n && !taken.has(i) && anchor.wording.some((w) => w.unit === n.unit && Math.abs(w.value - n.value * n.magnitude) < 1e-9)) taken.add(i);
    }
  }
  const repeats = new Map<string, Pair[]>();
  for (const p of pairs) {
    if (taken.has(p.candidate) || !claimed.has(p.figure.id) || p.share < REPEAT_SHARE) continue;
    taken.add(p.candidate);
    const list = repeats.get(p.figure.id);
    if (list) list.push(p);
    else repeats.set(p.figure.id, [p]);
  }
  return { claimed, repeats, taken };
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

function originalEnd(reading: DraftReading, end: number): number {
  if (end <= 0) return reading.origin[0];
  const last = reading.origin[end - 1];
  return last + (reading.text.codePointAt(end - 1)! > 0xffff ? 2 : 1);
}

/**
 * The words before and after each number or anchor word: within its sentence, never past another
 * number or anchor word, and at most BEFORE_CHARS / AFTER_CHARS away.
 */
function contexts(reading: DraftReading, numbers: NumberMention[], words: Array<{ start: number; end: number; word: string }>): Candidate[] {
  const items: Candidate[] = [
    ...numbers.map((n) => ({ start: n.start, end: n.end, number: n, word: null, before: '', after: '' })),
    ...words.filter((w) => !numbers.some((n) => w.start < n.end && n.start < w.end)).map((w) => ({ start: w.start, end: w.end, number: null, word: w.word, before: '', after: '' })),
  ].sort((a, b) => a.start - b.start);
  // Items are in order: the bounds of each are the nearest items before and after it (every
  // number bounds, with a unit or not: in 新增体验员 65、维系 490 位 the 490 is not 新增's).
  let lastEnd = -1;
  const previousEnd = items.map((c) => {
    const end = lastEnd;
    lastEnd = Math.max(lastEnd, c.end);
    return end;
  });
  let nextStart = Infinity;
  const followingStart = new Array<number>(items.length);
  for (let i = items.length - 1; i >= 0; i--) {
    followingStart[i] = nextStart;
    nextStart = Math.min(nextStart, items[i].start);
  }
  items.forEach((c, i) => {
    const [sStart, sEnd] = reading.sentences[sentenceAt(reading, c.start)];
    const from = Math.max(sStart, c.start - BEFORE_CHARS, Math.min(previousEnd[i], c.start));
    const to = Math.min(sEnd, c.end + AFTER_CHARS, Math.max(followingStart[i], c.end));
    c.before = reading.text.slice(from, c.start);
    c.after = reading.text.slice(c.end, to);
  });
  return items;
}

const fmt = (n: number, decimals = 6) => n.toLocaleString('en-US', { maximumFractionDigits: decimals });
const MAGNITUDE_WORD: Record<number, string> = { 1: '', 10_000: '万', 100_000_000: '亿' };

type Judged = Pick<FigureCheck, 'verdict' | 'text_value' | 'comparator' | 'computed_text' | 'reason'>;

/**
 * How far 超 X (or 不足 X) may be from the value: 10% of X, or one unit of its last decimal if
 * more. `超 11.4 万` says more than 11.4万 and, read as a reader would, not 12.6万 — that writer
 * would say 超 12 万; a bound far below the value is most often last year's number.
 */
function margin(x: number, decimals: number): number {
  return Math.max(10 ** -decimals, Math.abs(x) * 0.1);
}

/** Whether v (in the text's magnitude) is what the mention claims, and the claim in words. */
function claimOf(n: NumberMention, x: number, v: number, unitText: string, low: number | null): { agrees: boolean; claim: string } {
  const step = stepOf(n.value, n.decimals);
  let agrees: boolean;
  let claim: string;
  switch (n.comparator) {
    case '=':
      agrees = Math.abs(roundHalfUp(v, n.decimals) - x) < 1e-9;
      claim = `${x.toFixed(n.decimals)}${unitText} when rounded to ${n.decimals} decimal${n.decimals === 1 ? '' : 's'}`;
      break;
    case '余': {
      // X and some: below X plus one step of its last written digit (30余 is 31 to 39).
      agrees = v > x + 1e-12 && v < x + step - 1e-12;
      claim = `more than ${fmt(x)}${unitText}, and less than ${fmt(x + step)}${unitText}`;
      break;
    }
    case '>':
    case '≥': {
      const upper = x + margin(x, n.decimals);
      agrees = (n.comparator === '>' ? v > x + 1e-12 : v >= x - 1e-12) && v < upper - 1e-12;
      claim = `${n.comparator === '>' ? 'more than' : 'at least'} ${fmt(x)}${unitText}, and less than ${fmt(upper)}${unitText}`;
      break;
    }
    case '<':
    case '≤': {
      const lower = x - margin(x, n.decimals);
      agrees = (n.comparator === '<' ? v < x - 1e-12 : v <= x + 1e-12) && v > lower + 1e-12;
      claim = `${n.comparator === '<' ? 'less than' : 'at most'} ${fmt(x)}${unitText}, and more than ${fmt(lower)}${unitText}`;
      break;
    }
    case '~': {
      const [a, b] = (low ?? x) <= x ? [low ?? x, x] : [x, low ?? x];
      agrees = v >= a - 1e-12 && v <= b + 1e-12;
      claim = `from ${fmt(a)} to ${fmt(b)}${unitText}`;
      break;
    }
    case '近':
      agrees = v < x - 1e-12 && v >= x * 0.9 - 1e-12;
      claim = `close to but less than ${fmt(x)}${unitText} (at least 90% of it)`;
      break;
    case '≈':
      agrees = Math.abs(v - x) <= step / 2 + 1e-12;
      claim = `about ${fmt(x)}${unitText} (within ${fmt(step / 2)})`;
      break;
  }
  return { agrees, claim };
}

function judgeNumber(figure: FigureToCheck, n: NumberMention, before: string): Judged {
  const x = n.value * signOf(figure.signs, before);
  const textValue = x * n.magnitude;
  const unitText = `${MAGNITUDE_WORD[n.magnitude] ?? ''}${n.unit}`;
  if (n.stand_in === 'placeholder') {
    const computed = figure.value === null ? `not computable: ${figure.reason ?? ''}` : `computed ${fmt(figure.value)} ${figure.unit}`;
    return { verdict: 'disagrees', text_value: null, comparator: n.comparator, computed_text: null, reason: `the draft holds a placeholder, ${n.text}, where this number goes: write the number (${computed})` };
  }
  if (figure.value === null) {
    return { verdict: 'not_computable', text_value: textValue, comparator: n.comparator, computed_text: null, reason: figure.reason ?? 'not computable from the warehouse' };
  }
  const v = figure.value / n.magnitude;
  const atPrecision = `${roundHalfUp(v, n.decimals).toFixed(n.decimals)}${unitText}`;
  const exact = `${fmt(figure.value)} ${figure.unit}`;
  const { agrees, claim } = claimOf(n, x, v, unitText, n.low === null ? null : n.low * signOf(figure.signs, before));
  const computedText = n.comparator === '=' ? atPrecision : `${fmt(v, n.decimals + 2)}${unitText}`;
  const reason = agrees ? null : `the text states ${claim}; computed ${computedText} (${exact})`;
  return { verdict: agrees ? 'agrees' : 'disagrees', text_value: textValue, comparator: n.comparator, computed_text: computedText, reason };
}

function judgeWord(figure: FigureToCheck, anchor: WordAnchor, byId: Map<string, FigureToCheck>): Judged {
  const states = anchor.states;
  let stated: number | null;
  let what: string;
  if ('value' in states) {
    stated = states.value;
    what = `${anchor.word} states ${fmt(states.value)} ${figure.unit}`;
  } else {
    const other = byId.get(states.figure);
    stated = other?.value ?? null;
    what = `${anchor.word} states that it equals ${states.figure}`;
    if (stated === null) {
      const why = other ? `${states.figure} is not computable${other.reason ? `: ${other.reason}` : ''}` : `${states.figure} is not a figure of the year`;
      return { verdict: 'not_computable', text_value: null, comparator: '=', computed_text: figure.value === null ? null : `${fmt(figure.value)} ${figure.unit}`, reason: `${what}, but ${why}` };
    }
    what += ` (${fmt(stated)} ${figure.unit})`;
  }
  if (figure.value === null) return { verdict: 'not_computable', text_value: stated, comparator: '=', computed_text: null, reason: figure.reason ?? 'not computable from the warehouse' };
  const agrees = Math.abs(figure.value - stated) < 1e-9;
  const computedText = `${fmt(figure.value, 4)} ${figure.unit}`;
  return { verdict: agrees ? 'agrees' : 'disagrees', text_value: stated, comparator: '=', computed_text: computedText, reason: agrees ? null : `${what}; computed ${computedText}` };
}
