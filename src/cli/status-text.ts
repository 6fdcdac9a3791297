/** The completeness calendar as terminal text: `etl status` and the end of `etl run`. */
import { compactCount, sourceState, type Calendar } from '../coverage/calendar.js';

const KIND = { continuous: 'by month', register: 'register', snapshot: 'snapshot' } as const;

export function calendarText(calendar: Calendar, heading: string): string {
  const { year } = calendar;
  const width = Math.max(...calendar.sources.map((s) => s.id.length), 6);
  const lines = [heading, ''];
  for (const [block, y] of [[0, year - 1], [1, year]] as const) {
    lines.push(`${String(y).padEnd(width)}  ${'kind'.padEnd(9)} ${Array.from({ length: 12 }, (_, i) => String(i + 1).padStart(2, '0').padStart(5)).join('')}`);
    for (const s of calendar.sources) {
      // A snapshot, or a register without a date column, has no months to show: its state is below.
      // `12!`: rows that do not cover a month a figure needs (their file states another period).
      const cell = (n: number, i: number) => `${compactCount(n)}${n > 0 && s.kind === 'continuous' && s.needed[i] && s.counted[i] === 0 ? '!' : ''}`.padStart(5);
      const cells = s.dated ? s.months.slice(block * 12, block * 12 + 12).map((n, i) => cell(n, block * 12 + i)).join('') : '';
      lines.push(`${s.id.padEnd(width)}  ${KIND[s.kind].padEnd(9)} ${cells}`);
    }
    lines.push('');
  }
  lines.push('Rows per month by each source\'s date column; · = no rows; ! = rows that do not cover the month (their file states another period). Registers and snapshots:');
  for (const s of calendar.sources.filter((s) => s.kind !== 'continuous' || s.files === 0)) lines.push(`  ${s.id.padEnd(width)}  ${sourceState(s, year)}`);
  const gaps = calendar.sources.filter((s) => s.gap || s.stops.length);
  if (gaps.length === 0 && calendar.gaps.length === 0) {
    lines.push('', `Every figure of ${year} has the exports it reads.`);
    return lines.join('\n');
  }
  lines.push('', 'What to chase (each gap and the figures it stops):');
  for (const s of gaps) {
    for (const lack of s.lacks.length ? s.lacks : [s.gap!]) lines.push(`  ${s.id}: ${lack}`);
    if (s.stops.length) lines.push(`    stops ${s.stops.join(', ')}`);
  }
  lines.push('', `${calendar.gaps.length} figure${calendar.gaps.length === 1 ? '' : 's'} of ${year} not computable for want of data:`);
  for (const g of calendar.gaps) lines.push(`  ${g.figure}: ${g.reason}`);
  return lines.join('\n');
}
