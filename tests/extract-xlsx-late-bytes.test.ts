/**
 * Bytes after a workbook's zip directory (padding some tools leave) that arrive late, once the
 * zip has been read to its end — a slow disk or network share: they must not fail a workbook
 * whose parts were all read. The file is fed in 64 KiB pieces, the last one 250 ms late.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { setTimeout as sleep } from 'node:timers/promises';
import ExcelJS from 'exceljs';
import { afterAll, expect, it, vi } from 'vitest';
import { XlsxExtractor } from '../src/extract/xlsx/xlsx-extractor.js';

const { lateLastPiece } = vi.hoisted(() => ({ lateLastPiece: new Set<string>() }));

vi.mock('node:fs', async (importOriginal) => {
  const real = await importOriginal<typeof import('node:fs')>();
  const createReadStream = ((file: fs.PathLike, options?: never) => {
    if (!lateLastPiece.has(String(file))) return real.createReadStream(file, options);
    const bytes = real.readFileSync(file);
    const pieces: Buffer[] = [];
    for (let at = 0; at < bytes.length; at += 65_536) pieces.push(bytes.subarray(at, at + 65_536));
    return Readable.from(
      (async function* () {
        for (let i = 0; i < pieces.length; i++) {
          if (i === pieces.length - 1) await sleep(250);
          yield pieces[i];
        }
      })(),
    );
  }) as typeof fs.createReadStream;
  return { ...real, default: { ...real, createReadStream }, createReadStream };
});

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'etl-xlsx-late-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

it('reads every sheet of a workbook whose trailing bytes arrive after its zip directory was read', async () => {
  const file = path.join(dir, '工单审核_2023-01.xlsx');
  const wb = new ExcelJS.Workbook();
  const sheet = wb.addWorksheet('审核明细');
  for (let i = 0; i < 40_000; i++) sheet.addRow([i, `工单${i}号，广西壮族自治区，企业有责 ${(i * 7919) % 10_007}`, i * 1.5, new Date(Date.UTC(2023, 0, 1 + (i % 300)))]);
  wb.addWorksheet('说明').addRows([['导出说明'], ['第二行']]);
  await wb.xlsx.writeFile(file);
  // The directory is still found in the file's tail (it is searched in the last 64 KiB).
  fs.appendFileSync(file, Buffer.alloc(64_000));
  lateLastPiece.add(file);

  const counts = new Map<string, number>();
  for await (const s of new XlsxExtractor().sheets(file)) for await (const _ of s.rows) counts.set(String(s.name), (counts.get(String(s.name)) ?? 0) + 1);
  expect([...counts]).toEqual([
    ['审核明细', 40_000],
    ['说明', 2],
  ]);
});
