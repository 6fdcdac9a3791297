/**
 * Writes a draft report from the figures' anchors and numbers: one sentence per figure, its first
 * anchor with the number in place, under the section the figure belongs to. The sample generator
 * writes one for the sample year (what `etl check-report` is tried on); tests write others.
 *
 * A word anchor (`{全覆盖 = 100}`, `{均为 = safety.hazards}`) is used only when what it states is
 * the figure's number; otherwise the figure's first number anchor is.
 */
import { parseAnchor, parseSigns, signOf, type Anchor } from './anchors.js';

export interface DraftFigure {
  id: string;
  /** Section title, or null (written under 其他). */
  section: string | null;
  order: number | null;
  anchors: readonly string[];
  /** The figure's `signs` header: a negative number is written as its size after a word such as 下降. */
  signs?: string | null;
  /** The number as the sentence writes it (11.4 for `超 {} 万份`), its decimals and its magnitude (10,000 for 万, else 1). */
  number: number;
  decimals: number;
  magnitude: number;
}

function usable(anchor: Anchor, figure: DraftFigure, numbers: Map<string, DraftFigure>): boolean {
  if (anchor.kind === 'number') {
    const signs = parseSigns(figure.signs ?? undefined);
    return signs.length === 0 || signOf(signs, anchor.before) === (figure.number < 0 ? -1 : 1);
  }
  if ('value' in anchor.states) return anchor.states.value === figure.number * figure.magnitude;
  const other = numbers.get(anchor.states.figure);
  return other !== undefined && other.number === figure.number && other.decimals === figure.decimals;
}

/** The sentence stating one figure, without its full stop. */
export function sentenceOf(figure: DraftFigure, numbers: Map<string, DraftFigure> = new Map()): string {
  const written = figure.anchors.find((a) => usable(parseAnchor(a), figure, numbers));
  if (!written) throw new Error(`${figure.id}: no anchor to write its number ${figure.number} with`);
  const anchor = parseAnchor(written);
  // A required word ([…]) is written as it stands.
  const plain = written.replace(/\[([^[\]]+)\]/g, '$1');
  if (anchor.kind === 'word') return plain.replace(/\{[^{}]*\}/, anchor.word).replace(/\s+/g, ' ').trim();
  let phrase = plain;
  if (anchor.magnitude !== figure.magnitude) {
    // A number counted in units (a small sample's 4520 件) where the anchor writes 万件.
    if (figure.magnitude !== 1) throw new Error(`${figure.id}: its number is in ${figure.magnitude}s, its anchor ${JSON.stringify(written)} in ${anchor.magnitude}s`);
    phrase = phrase.replace(/\{\}\s*[万亿]/, '{}');
  }
  const size = parseSigns(figure.signs ?? undefined).length > 0 ? Math.abs(figure.number) : figure.number;
  return phrase.replace('{}', ` ${size.toFixed(figure.decimals)} `).replace(/\s+/g, ' ').trim();
}

/** A Markdown draft: a title, then each section's sentences in the figures' order. */
export function writeDraft(title: string, figures: readonly DraftFigure[]): string {
  const numbers = new Map(figures.map((f) => [f.id, f]));
  const sections = new Map<string, DraftFigure[]>();
  for (const f of [...figures].sort((a, b) => (a.order ?? Infinity) - (b.order ?? Infinity) || (a.id < b.id ? -1 : 1))) {
    const key = f.section ?? '其他';
    sections.set(key, [...(sections.get(key) ?? []), f]);
  }
  const lines = [`# ${title}`, ''];
  // Titles number their sections (一、…, 三、… · 1 …), so their order is the report's; 其他 comes last.
  const order = [...sections.keys()].sort((a, b) => (a === '其他' ? 1 : b === '其他' ? -1 : a < b ? -1 : a > b ? 1 : 0));
  for (const section of order) {
    const list = sections.get(section)!;
    lines.push(`## ${section}`, '');
    lines.push(`${list.map((f) => sentenceOf(f, numbers)).join('。')}。`, '');
  }
  return lines.join('\n');
}
