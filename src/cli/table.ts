/**
 * Plain-text tables for the terminal, aligned by display width (CJK characters count 2). Every
 * header and cell is shown through terminalText, so no command's table prints a control or bidi
 * character from a file (an ESC sequence in a file name) to the terminal.
 */
import { terminalText } from '../report/terminal-text.js';

function width(s: string): number {
  let w = 0;
  for (const ch of s) w += /[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]/.test(ch) ? 2 : 1;
  return w;
}

export function formatTable(shownHeader: string[], shownRows: string[][]): string {
  const header = shownHeader.map(terminalText);
  const rows = shownRows.map((r) => r.map(terminalText));
  const widths = header.map((h, i) => Math.max(width(h), ...rows.map((r) => width(r[i] ?? ''))));
  const pad = (s: string, i: number) => s + ' '.repeat(widths[i] - width(s));
  const lines = [header.map(pad).join('  '), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map((r) => r.map((c, i) => pad(c ?? '', i)).join('  '))];
  return lines.map((l) => l.trimEnd()).join('\n');
}

export function cellText(v: unknown): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'object') return JSON.stringify(v);
  return String(v);
}
