/**
 * A draft's text as the number finder reads it: line breaks and spaces that only wrap or pad
 * Chinese text are gone (`审核工单 45.2` / `万件` reads `审核工单45.2万件`), full-width digits and
 * `％` read as ASCII, and every character of this reading remembers where it stands in the
 * original text, so that a number found here can be marked in the draft as written.
 *
 * A run of white space is dropped unless both its neighbours are Latin letters or digits (`IP 地址`
 * reads `IP地址`, `2 3` stays two numbers); a line break right after the `.` or `,` of a number
 * that goes on on the next line (`1,282.` / `2`) is dropped too. Sentences end at 。！？； (and
 * their ASCII forms); a line break alone never ends one, because text copied from a PDF breaks
 * every line.
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
    if (!SPACE.test(cp)) {
      const c = halfWidth(cp);
      out.push(c);
      for (let k = 0; k < c.length; k++) origin.push(i);
      i += cp.length;
      continue;
    }
    let j = i;
    let lineBreak = false;
    while (j < original.length && SPACE.test(original[j])) {
      if (original[j] === '\n' || original[j] === '\r') lineBreak = true;
      j++;
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

function sentencesOf(text: string): Array<[number, number]> {
  const out: Array<[number, number]> = [];
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    if (!SENTENCE_END.test(text[i])) continue;
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
