import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { discoverFiles } from '../src/extract/discover.js';

const root = fs.mkdtempSync(path.join(os.tmpdir(), 'etl-'));
afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

function write(relPath: string, content: string): void {
  const file = path.join(root, relPath);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, content);
}

beforeAll(() => {
  write('b.csv', 'bb');
  write('B.csv', 'B');
  write('notes.docx', 'docx');
  write('sub/工单审核_2023-01.xlsx', 'xlsx!');
  write('sub/~$工单审核_2023-01.xlsx', 'lock');
  write('sub/.hidden.csv', 'x');
  write('.DS_Store', 'x');
  write('\u{1D4B3}.csv', '1'); // astral: UTF-16 code units D835 DCB3
  write('\uFF61.csv', '2'); // U+FF61: after U+5DE5 (工), before U+1D4B3 by code point
  fs.mkdirSync(path.join(root, 'empty'));
  fs.symlinkSync(path.join(root, 'b.csv'), path.join(root, 'link.csv'));
  fs.symlinkSync(path.join(root, 'sub'), path.join(root, 'linked-dir'));
});

describe('discoverFiles', () => {
  it('lists regular files recursively in code-point order with sizes', async () => {
    const { files } = await discoverFiles(root);
    expect(files.map((f) => f.relPath)).toEqual(['B.csv', 'b.csv', 'notes.docx', 'sub/工单审核_2023-01.xlsx', '\uFF61.csv', '\u{1D4B3}.csv']);
    expect(files[3]).toEqual({ path: path.join(root, 'sub', '工单审核_2023-01.xlsx'), relPath: 'sub/工单审核_2023-01.xlsx', size: 5 });
    expect(files.every((f) => path.isAbsolute(f.path))).toBe(true);
  });

  it('sets aside lock files, hidden files and symbolic links, with reasons', async () => {
    const { ignored } = await discoverFiles(root);
    expect(ignored).toEqual([
      { relPath: '.DS_Store', reason: 'is a hidden file' },
      { relPath: 'link.csv', reason: 'is a symbolic link (not followed)' },
      { relPath: 'linked-dir', reason: 'is a symbolic link (not followed)' },
      { relPath: 'sub/.hidden.csv', reason: 'is a hidden file' },
      { relPath: 'sub/~$工单审核_2023-01.xlsx', reason: 'is an Office lock file (the workbook was open in Excel or WPS)' },
    ]);
  });

  it('gives the same answer on every run', async () => {
    expect(await discoverFiles(root)).toEqual(await discoverFiles(root));
  });

  it('says when the input folder does not exist or is a file', async () => {
    const missing = path.join(root, 'nope');
    await expect(discoverFiles(missing)).rejects.toThrow(`input folder ${missing} does not exist`);
    await expect(discoverFiles(path.join(root, 'b.csv'))).rejects.toThrow('is not a folder');
  });
});
