/** Small inline SVG drawings for report.html: a figure's lineage and a monthly series. */
import type { MonthlyPoint } from '../audit/contributing-rows.js';
import type { FigureReport } from '../pipeline/run-report.js';

const esc = (s: unknown) => String(s ?? '').replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
const clip = (s: string, n: number) => (s.length > n ? `${s.slice(0, n - 1)}…` : s);

const ROW = 26;
const BOX = 20;

function box(x: number, y: number, w: number, label: string, title: string, fill: string): string {
  return `<g><title>${esc(title)}</title><rect x="${x}" y="${y}" width="${w}" height="${BOX}" rx="4" fill="${fill}" stroke="#999"/>` +
    `<text x="${x + 6}" y="${y + 14}" font-size="12">${esc(label)}</text></g>`;
}

const link = (x1: number, y1: number, x2: number, y2: number) =>
  `<path d="M${x1},${y1} C${(x1 + x2) / 2},${y1} ${(x1 + x2) / 2},${y2} ${x2},${y2}" fill="none" stroke="#888"/>`;

/** The lineage figure → source tables → input files (with SHA-256 and rows loaded), left to right. */
export function lineageSvg(f: FigureReport): string {
  const tables = f.definition.sources;
  const files = tables.flatMap((t) => f.inputs.filter((i) => i.source === t).map((i) => ({ ...i, table: t })));
  const height = Math.max(tables.length, files.length, 1) * ROW + 6;
  const [fx, tx, ix] = [4, 250, 470];
  const mid = (i: number, n: number) => 3 + ((height - 6) / n) * (i + 0.5);
  const parts: string[] = [];
  const figY = mid(0, 1);
  parts.push(box(fx, figY - BOX / 2, 200, clip(f.id, 30), `${f.id} ${f.definition.label}`, '#e8f0fe'));
  tables.forEach((t, i) => {
    const y = mid(i, tables.length);
    parts.push(link(fx + 200, figY, tx, y), box(tx, y - BOX / 2, 170, t, `table ${t}`, '#f1f8e9'));
  });
  files.forEach((file, i) => {
    const y = mid(i, files.length);
    const ty = mid(tables.indexOf(file.table), tables.length);
    const label = `${clip(file.file, 34)} · ${file.sha256.slice(0, 8)} · ${file.rows_loaded.toLocaleString('en-US')}`;
    parts.push(link(tx + 170, ty, ix, y), box(ix, y - BOX / 2, 380, label, `${file.file}\nSHA-256 ${file.sha256}\n${file.rows_loaded} rows loaded`, '#fff8e1'));
  });
  if (files.length === 0) parts.push(`<text x="${ix}" y="${figY + 4}" font-size="12" fill="#a15c00">no input file loaded</text>`);
  return `<svg class="lineage" role="img" aria-label="lineage of ${esc(f.id)}" width="860" height="${height}" viewBox="0 0 860 ${height}">${parts.join('')}</svg>`;
}

/** A line chart of a monthly series (values in `unit`), with the year's figure as a dashed line. */
export function monthlyChartSvg(points: MonthlyPoint[], unit: string, yearValue: number | null, caption: string): string {
  const shown = points.filter((p) => p.value !== null) as (MonthlyPoint & { value: number })[];
  if (shown.length === 0) return '';
  const [w, h, left, top, bottom] = [520, 170, 56, 12, 28];
  const values = [...shown.map((p) => p.value), ...(yearValue === null ? [] : [yearValue])];
  let [lo, hi] = [Math.min(...values), Math.max(...values)];
  const pad = (hi - lo || Math.abs(hi) || 1) * 0.15;
  [lo, hi] = [lo - pad, hi + pad];
  const x = (i: number) => left + ((w - left - 10) / Math.max(points.length - 1, 1)) * i;
  const y = (v: number) => top + (h - top - bottom) * (1 - (v - lo) / (hi - lo));
  const fmt = (v: number) => v.toLocaleString('en-US', { maximumFractionDigits: 2 });
  const parts: string[] = [
    `<line x1="${left}" y1="${h - bottom}" x2="${w - 4}" y2="${h - bottom}" stroke="#ccc"/>`,
    `<text x="4" y="${y(hi - pad) + 4}" font-size="11">${esc(fmt(hi - pad))}${esc(unit)}</text>`,
    `<text x="4" y="${y(lo + pad) + 4}" font-size="11">${esc(fmt(lo + pad))}${esc(unit)}</text>`,
  ];
  if (yearValue !== null) {
    parts.push(`<line x1="${left}" y1="${y(yearValue)}" x2="${w - 4}" y2="${y(yearValue)}" stroke="#b00020" stroke-dasharray="4 3"><title>year: ${esc(fmt(yearValue))}${esc(unit)}</title></line>`);
  }
  const index = (p: MonthlyPoint) => points.indexOf(p);
  parts.push(`<polyline fill="none" stroke="#1a73e8" stroke-width="2" points="${shown.map((p) => `${x(index(p)).toFixed(1)},${y(p.value).toFixed(1)}`).join(' ')}"/>`);
  for (const p of shown) {
    const month = Number(p.month.slice(5, 7));
    parts.push(
      `<circle cx="${x(index(p)).toFixed(1)}" cy="${y(p.value).toFixed(1)}" r="3" fill="#1a73e8"><title>${esc(p.month.slice(0, 7))}: ${esc(fmt(p.value))}${esc(unit)}</title></circle>`,
      `<text x="${x(index(p)).toFixed(1)}" y="${h - 10}" font-size="11" text-anchor="middle">${month}月</text>`,
    );
  }
  return `<figure class="chart"><svg role="img" aria-label="${esc(caption)}" width="${w}" height="${h}" viewBox="0 0 ${w} ${h}">${parts.join('')}</svg><figcaption>${esc(caption)}</figcaption></figure>`;
}
