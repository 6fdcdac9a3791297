/**
 * The duplicate-key check after a first load (src/load/dedupe.ts) takes a shortcut for a single
 * key: grouped by a hash of its text, no repeated hash means no repeated key. That holds only
 * where equal values have equal text; for a decimal key (1.0 = 1.00 = 1) the exact grouping
 * must run. Worked out by hand: the first row by file path and row is kept, the other two are
 * rejected naming it.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { Warehouse } from '../src/db/warehouse.js';
import { removeDuplicates } from '../src/load/dedupe.js';
import { defineSource } from '../src/sources/define.js';
import { cell } from '../src/transform/cells.js';
import { openTestWarehouse, WAREHOUSE_KINDS } from './support/warehouses.js';

const hash = (digits: string) => `h${digits.length}`;

function source(type: ReturnType<typeof cell.text>) {
  return defineSource({
    id: 'dedupe_probe',
    title: '去重测试',
    filePatterns: ['*去重测试*'],
    coverage: { kind: 'continuous', period: 'day' },
    grain: 'one row per probe',
    columns: [
      { name: 'k', header: '编号', type, key: true, comment: 'the key' },
      { name: 'day', header: '日期', type: cell.date(), comment: 'a date' },
      { name: 'v', header: '内容', type: cell.text(), comment: 'a value' },
    ],
  });
}

describe.each(WAREHOUSE_KINDS)('duplicate keys after a first load (%s)', (kind) => {
  let wh: (Warehouse & { close(): Promise<void> }) | undefined;
  afterEach(async () => {
    await wh?.close();
    wh = undefined;
  });

  /** As a run settles keys: inside its transaction (the check's temporary tables go at commit). */
  async function settle(type: ReturnType<typeof cell.text>, fileIds: number[]) {
    await wh!.exec('begin');
    try {
      return await removeDuplicates(wh!, source(type), hash, { runId: 1, fileIds });
    } finally {
      await wh!.exec('commit');
    }
  }

  async function tableWith(keyType: string, rows: [number, number, string, string][]): Promise<number[]> {
    wh = await openTestWarehouse(kind);
    await wh.exec(`create table dedupe_probe (k ${keyType}, day date, v text, _file_id bigint not null, _row bigint not null)`);
    const ids: number[] = [];
    for (const path of ['a/去重测试1.csv', 'a/去重测试2.csv']) {
      const { rows: r } = await wh.query<{ file_id: number }>(`insert into etl.files (path, sha256, size_bytes) values ($1, $2, 1) returning file_id`, [path, `sha-${path}`]);
      ids.push(Number(r[0].file_id));
    }
    for (const [file, row, k, v] of rows) {
      await wh.query(`insert into dedupe_probe (k, day, v, _file_id, _row) values ($1::${keyType}, date '2023-01-01', $2, $3, $4)`, [k, v, ids[file], row]);
    }
    return ids;
  }

  it('finds equal decimal keys written differently (1.0, 1.00, 1): the first row is kept, the others rejected', async () => {
    const ids = await tableWith('numeric', [
      [0, 2, '1.0', 'x'],
      [1, 2, '1.00', 'y'],
      [1, 3, '1', 'z'],
      [1, 4, '2', 'w'],
    ]);
    const demotions = await settle(cell.decimal(), ids);
    expect(demotions.map((d) => [d.fileId, d.row, d.kind])).toEqual([
      [ids[1], 2, 'reject'],
      [ids[1], 3, 'reject'],
    ]);
    expect(demotions[0].message).toContain('as a/去重测试1.csv row 2 but different values');
    const { rows } = await wh!.query<{ v: string }>('select v from dedupe_probe order by v');
    expect(rows.map((r) => r.v)).toEqual(['w', 'x']);
  });

  it('finds a repeated text key through the hash, and nothing where no key repeats', async () => {
    const ids = await tableWith('text', [
      [0, 2, 'T1', 'x'],
      [0, 3, 'T2', 'y'],
      [1, 2, 'T1', 'x'],
    ]);
    const demotions = await settle(cell.text(), ids);
    expect(demotions.map((d) => [d.fileId, d.row, d.kind])).toEqual([[ids[1], 2, 'skip']]);
    expect(await settle(cell.text(), ids)).toEqual([]);
  });
});
