/**
 * A draft's text as the number finder reads it: line breaks and spaces that only wrap or pad
 * Chinese text are gone (`审核工单 45.2` / `万件` reads `审核工单45.2万件`), full-width digits and
 * `％` read as ASCII, and every character of this reading remembers where it stands in the
 * original text, so that a number found here can be marked in the draft as written.
 *
 * A run of white space is dropped unless both its neighbours are Latin letters or digits (`IP 地址`
 * reads `IP地址`, `2 3` stays two numbers); a line break right after the `.` or `,` of a number
 * that goes on on the next line (`1,282.` / `2`) is dropped too, and `&nbsp;` reads as a space.
 * Sentences end at 。！？； (and their ASCII forms, but not the `;` of an entity such as `&amp;`);
 * a line break alone never ends one, because text copied from a PDF breaks every line.
 */

export interface DraftReading {
  /** The text as read: see the module comment. */
  text: string;
  /** For each character of `text`, its offset in the original; one more entry for the end. */
  origin: number[];
  /** Sentences as [start, end) offsets in `text`, in order, covering it. */
  sentences: Array<[number, number]>;
}

const SPACE = /[\s\u00a0\u3000\ufeff]/;
const LATIN_OR_DIGIT = /[A-Za-z0-9]/;
const SENTENCE_END = /[。！？；!?;]/;

/** Full-width digits, point, comma and percent sign as ASCII; other characters as they are. */
function halfWidth(c: string): string {
  const code = c.charCodeAt(0);
  if (code >= 0xff10 && code <= 0xff19) return String.fromCharCode(code - 0xff10 + 0x30);
  if (c === '．') return '.';
  if (c === '％') return '%';
  if (c === '－' || c === '−') return '-';
  return c;
}

export function readDraftText(original: string): DraftReading {
  // Built as an array of pieces: reading back the end of a growing string would flatten it each time.
  const out: string[] = [];
  const origin: number[] = [];
  const last = (k: number) => out[out.length - k] ?? '';
  let i = 0;
  while (i < original.length) {
    const cp = String.fromCodePoint(original.codePointAt(i)!);
    if (spaceAt(original, i) === 0) {
      const c = fullWidthThousands(original, i) ? ',' : halfWidth(cp);
      out.push(c);
      for (let k = 0; k < c.length; k++) origin.push(i);
      i += cp.length;
      continue;
    }
    let j = i;
    let lineBreak = false;
    for (let n = spaceAt(original, j); n > 0; n = spaceAt(original, j)) {
      if (original[j] === '\n' || original[j] === '\r') lineBreak = true;
      j += n;
    }
    const before = last(1);
    const after = j < original.length ? halfWidth(String.fromCodePoint(original.codePointAt(j)!)) : '';
    const numberGoesOn = lineBreak && /[.,]/.test(before) && /\d/.test(last(2)) && /\d/.test(after);
    if (!numberGoesOn && LATIN_OR_DIGIT.test(before) && LATIN_OR_DIGIT.test(after)) {
      out.push(' ');
      origin.push(i);
    }
    i = j;
  }
  origin.push(original.length);
  const text = out.join('');
  return { text, origin, sentences: sentencesOf(text) };
}

/** The length of the white space at `i`: a space character, or an HTML space entity (`&nbsp;`) as Markdown carries it; 0 for none. */
function spaceAt(text: string, i: number): number {
  if (SPACE.test(text[i] ?? '')) return 1;
  if (text[i] !== '&') return 0;
  const entity = /^&(?:nbsp|ensp|emsp|thinsp|#160|#xa0|#12288|#x3000);/i.exec(text.slice(i, i + 10));
  return entity ? entity[0].length : 0;
}

const FULL_WIDTH_DIGIT = /[\uff10-\uff19]/;

/** `，` between full-width digits with three after it (`１，２８２`): a thousands separator. */
function fullWidthThousands(text: string, i: number): boolean {
  if (text[i] !== '，' || !FULL_WIDTH_DIGIT.test(text[i - 1] ?? '')) return false;
  for (let k = 1; k <= 3; k++) if (!FULL_WIDTH_DIGIT.test(text[i + k] ?? '')) return false;
  return !FULL_WIDTH_DIGIT.test(text[i + 4] ?? '');
}

function sentencesOf(text: string): Array<[number, number]> {
  const out: Array<[number, number]> = [];
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    if (!SENTENCE_END.test(text[i])) continue;
    // An ASCII ; after a letter or digit ends an HTML entity (&amp;), not a sentence.
    if (/[;!?]/.test(text[i]) && /[A-Za-z0-9#]/.test(text[i - 1] ?? '')) continue;
    // Closing quotes and brackets right after the end belong to the sentence.
    let end = i + 1;
    while (end < text.length && /[”’」』）)\]】]/.test(text[end])) end++;
    out.push([start, end]);
    start = end;
    i = end - 1;
  }
  if (start < text.length) out.push([start, text.length]);
  return out;
}

/** The index of the sentence holding offset `at` of the reading. */
export function sentenceAt(reading: DraftReading, at: number): number {
  let lo = 0;
  let hi = reading.sentences.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (reading.sentences[mid][0] <= at) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}
