/**
 * Progress of a run: on a terminal one live line per file (rows, rows/s); otherwise plain
 * lines a log keeps (a line per file when it is done, and one every 10 s on long files).
 */
import type { FileReport, RunProgress } from '../pipeline/run-report.js';
import { terminalText as t } from '../report/terminal-text.js';

const fmt = (n: number) => n.toLocaleString('en-US');

export function consoleProgress(stream: NodeJS.WriteStream = process.stderr): RunProgress {
  const live = Boolean(stream.isTTY);
  let started = 0;
  let partStarted = 0;
  let lastPlain = 0;
  let label = '';
  let current = '';
  let fileSize = 0;
  const line = (text: string) => {
    if (live) stream.write(`\r\x1b[2K${text}`);
    else stream.write(`${text}\n`);
  };
  return {
    fileStart(relPath, index, total, size) {
      started = Date.now();
      partStarted = started;
      fileSize = size;
      lastPlain = started;
      label = `[${index}/${total}] ${t(relPath)}`;
      current = '';
      if (live) line(`${label}  hashing…`);
    },
    partStart(_relPath, source, sheet) {
      // Rates and the time left count from here: hashing the file is not reading rows.
      partStarted = Date.now();
      current = `${t(source)}${sheet ? ` (sheet ${t(sheet)})` : ''}`;
    },
    rows(_relPath, rowsRead, bytesRead) {
      const now = Date.now();
      const rate = rowsRead / Math.max((now - partStarted) / 1000, 0.001);
      const left = timeLeft(now - partStarted, bytesRead, fileSize);
      const text = `${label}  ${current}  ${fmt(rowsRead)} rows  ${fmt(Math.round(rate))} rows/s${left ? `  ${left}` : ''}`;
      if (live) line(text);
      else if (now - lastPlain >= 10_000) {
        lastPlain = now;
        line(text);
      }
    },
    fileEnd(file: FileReport) {
      const seconds = (Date.now() - started) / 1000;
      if (file.heldFrom) {
        line(`${label}  ${t(file.heldFrom.note ?? `held, loaded in run ${file.heldFrom.runId}`)}${file.replaced ? `; replaces the version loaded in run ${file.replaced.runId}` : ''}`);
        if (live) stream.write('\n');
        return;
      }
      const parts = file.parts.map((p) => {
        if (p.status === 'loaded' && p.result) {
          const r = p.result;
          const rate = r.read / Math.max(seconds, 0.001);
          return `${t(p.source)}${p.sheet ? `/${t(p.sheet)}` : ''}: ${fmt(r.read)} read, ${fmt(r.loaded)} loaded, ${fmt(r.rejected)} rejected, ${fmt(r.skipped)} skipped (${fmt(Math.round(rate))} rows/s)`;
        }
        return `${p.status.toUpperCase()}${p.source ? ` ${t(p.source)}` : ''}: ${t(p.message)}`;
      });
      line(`${label}  ${parts.join('; ')}  ${seconds.toFixed(1)} s`);
      if (live) stream.write('\n');
    },
    note(relPath, message) {
      // A file read again starts its count again.
      partStarted = Date.now();
      line(`${label || t(relPath)}  ${t(message)}`);
      if (live) stream.write('\n');
    },
    stage(message) {
      line(`… ${t(message)}`);
      if (live) stream.write('\n');
    },
  };
}

/**
 * The time left on a file, from the share of its bytes read so far: `about 1 min 20 s left`.
 * Null until there is enough to go on (a second and a percent of the file).
 */
export function timeLeft(elapsedMs: number, bytesRead: number, size: number): string | null {
  if (elapsedMs < 1000 || size <= 0 || bytesRead < size / 100) return null;
  const seconds = Math.max(0, Math.round(((elapsedMs / 1000) * (size - Math.min(bytesRead, size))) / bytesRead));
  const minutes = Math.floor(seconds / 60);
  return `about ${minutes > 0 ? `${minutes} min ${seconds % 60} s` : `${seconds} s`} left`;
}
