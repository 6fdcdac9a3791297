/**
 * Text taken from files (file names, sheet names, headers, values, messages) as a terminal may show
 * it: every control character (C0, DEL, C1 — so no ESC sequence reaches the terminal) and every
 * bidirectional override or isolate (U+202A–U+202E, U+2066–U+2069, and the marks U+200E, U+200F,
 * U+061C) is shown as its escape, `\x1b` or `\u202e`, instead of acting on the screen.
 */
// eslint-disable-next-line no-control-regex
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;

const escapeOf = (c: string): string => {
  const code = c.charCodeAt(0);
  return code < 0x100 ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`;
};

/** `s` with its control and bidi characters escaped; null and undefined read as ''. */
export function terminalText(s: unknown): string {
  return String(s ?? '').replace(UNSAFE, escapeOf);
}


/**
 * A command's text of several lines as a terminal may show it: each line through terminalText,
 * the line breaks between them kept. A value that may hold a line break itself (a file or sheet
 * name, a header, a message) is escaped with terminalText where it is put in, so it stays on its line.
 */
export function terminalLines(text: string): string {
  return text.split('\n').map(terminalText).join('\n');
}
