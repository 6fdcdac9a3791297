/**
 * A source table's shape is stated once, in its definition (pipelines/): a freshly migrated
 * warehouse must hold exactly the table each definition states — the columns, in the
 * definition's order among those the table was created with (a column a later migration adds
 * can only come last), SQL types (the cell type's sqlType), NOT NULL where a value is always
 * loaded, and the COMMENT ON texts.
 * When they differ (a new source, a changed definition), the failure prints the SQL of the
 * migration to add as sql/migrations/NNN_<what>.sql (migrations are append-only) and writes it
 * to out/migration-needed.sql.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { sources } from '../pipelines/index.js';
import { projectRoot } from '../src/paths.js';
import { defineSource } from '../src/sources/define.js';
import { canonicalShape, migrationSql, type TableShape, reservedWords, shapeDifferences, tableShape, warehouseShape } from '../src/audit/table-shape.js';
import { cell } from '../src/transform/cells.js';
import { useWarehouse } from './support/shared-warehouse.js';
import { WAREHOUSE_KINDS } from './support/warehouses.js';

/** A source of the tests below, in no registry. */
const meterReadings = defineSource({
  id: 'meter_readings',
  title: '抄表记录',
  filePatterns: ['*抄表记录*'],
  coverage: { kind: 'continuous', period: 'read_at' },
  grain: 'one row per meter reading',
  columns: [
    { name: 'reading_id', header: '读数编号', type: cell.text(), key: true, comment: 'reading number' },
    { name: 'read_at', header: '抄表时间', type: cell.timestamp(), comment: 'when the meter was read' },
    { name: 'amount', header: '读数', type: cell.decimal({ min: 0 }), optional: true },
    { name: 'tier', header: '档位', type: cell.enumOf(['1档', '2档']), optional: true, emptyAs: '1档' },
    { name: 'reader', header: '抄表员', type: cell.name() },
  ],
});

describe.each(WAREHOUSE_KINDS)('the source tables of a migrated warehouse on %s', (kind) => {
  const wh = useWarehouse(kind);

  it('are exactly as the definitions state them (else: the migration to add)', async () => {
    const differences: string[] = [];
    const sql: string[] = [];
    const reserved = await reservedWords(wh());
    for (const source of sources) {
      const stated = await canonicalShape(wh(), tableShape(source));
      const actual = await warehouseShape(wh(), source.id);
      differences.push(...shapeDifferences(stated, actual));
      sql.push(...migrationSql(stated, actual, reserved));
    }
    if (sql.length > 0) {
      mkdirSync(join(projectRoot(), 'out'), { recursive: true });
      writeFileSync(join(projectRoot(), 'out', 'migration-needed.sql'), `${sql.join('\n')}\n`);
    }
    expect(differences, `add a migration sql/migrations/NNN_<what>.sql (also written to out/migration-needed.sql):\n\n${sql.join('\n')}\n`).toEqual([]);
  });

  it('tell a new source or a changed definition from the migrated table, and write its migration', async () => {
    const source = meterReadings;
    const stated = await canonicalShape(wh(), tableShape(source));
    const reserved = await reservedWords(wh());
    expect(shapeDifferences(stated, null)).toEqual(['meter_readings: no such table in the warehouse']);
    const create = migrationSql(stated, null, reserved);
    expect(create[0]).toBe(
      'create table meter_readings (\n' +
        '  reading_id text not null,\n' +
        '  read_at    timestamp without time zone not null,\n' +
        '  amount     numeric,\n' +
        '  tier       text not null,\n' +
        '  _file_id   bigint not null,\n' +
        '  _row       bigint not null\n' +
        ');',
    );
    expect(create).toContain("comment on column meter_readings.reading_id is '读数编号: reading number; part of the natural key';");
    // The statements it prints make the table the definition states.
    await wh().exec('begin');
    try {
      for (const statement of create) await wh().exec(statement);
      expect(shapeDifferences(stated, await warehouseShape(wh(), 'meter_readings'))).toEqual([]);
      // A changed definition: a column made optional, one added, a comment changed.
      const changed = await canonicalShape(
        wh(),
        tableShape({ ...source, columns: [...source.columns.map((c) => (c.name === 'read_at' ? { ...c, optional: true, comment: 'read at' } : c)), { name: 'unit', header: '单位', type: cell.text(), optional: true }] }),
      );
      const before = await warehouseShape(wh(), 'meter_readings');
      expect(shapeDifferences(changed, before)).toEqual([
        'meter_readings.read_at: not null, the definition says nullable',
        'meter_readings.read_at: comment "抄表时间: when the meter was read", the definition says "抄表时间: read at"',
        'meter_readings.unit: missing (text)',
      ]);
      expect(migrationSql(changed, before, reserved)).toEqual([
        'alter table meter_readings alter column read_at drop not null;',
        'alter table meter_readings add column unit text;',
        "comment on column meter_readings.read_at is '抄表时间: read at';",
        "comment on column meter_readings.unit is '单位: unit';",
      ]);
      for (const statement of migrationSql(changed, before, reserved)) await wh().exec(statement);
      expect(shapeDifferences(changed, await warehouseShape(wh(), 'meter_readings'))).toEqual([]);
    } finally {
      await wh().exec('rollback');
    }
  });

  it('tell a table created with its columns out of the definition\'s order', async () => {
    const source = { ...meterReadings, columns: meterReadings.columns.filter((c) => c.name === 'reading_id' || c.name === 'read_at') };
    const stated = await canonicalShape(wh(), tableShape(source));
    await wh().exec('begin');
    try {
      // Written by hand: read_at before reading_id.
      await wh().exec('create table meter_readings (read_at timestamp not null, reading_id text not null, _file_id bigint not null, _row bigint not null)');
      expect(shapeDifferences(stated, await warehouseShape(wh(), 'meter_readings'))).toContain(
        'meter_readings: columns read_at, reading_id in this order, the definition lists them reading_id, read_at',
      );
    } finally {
      await wh().exec('rollback');
    }
  });
});

describe('the column order of a source table', () => {
  // Written by hand: only the names matter here.
  const shape = (...names: string[]): TableShape => ({
    table: 'meter_readings',
    comment: null,
    columns: names.map((name) => ({ name, sqlType: 'text', notNull: true, comment: null })),
  });

  it('is the definition\'s for the columns the table was created with', () => {
    const stated = shape('reading_id', 'read_at', 'amount', 'tier', '_file_id', '_row');
    expect(shapeDifferences(stated, shape('reading_id', 'read_at', 'amount', 'tier', '_file_id', '_row'))).toEqual([]);
    expect(shapeDifferences(stated, shape('reading_id', 'amount', 'read_at', 'tier', '_file_id', '_row'))).toEqual([
      'meter_readings: columns amount, read_at in this order, the definition lists them read_at, amount',
    ]);
    expect(shapeDifferences(stated, shape('tier', 'reading_id', 'read_at', 'amount', '_file_id', '_row'))).toEqual([
      'meter_readings: columns tier, reading_id, read_at, amount in this order, the definition lists them reading_id, read_at, amount, tier',
    ]);
  });

  it('is not compared for a column a later migration added after _row (ALTER TABLE can only append)', () => {
    const stated = shape('reading_id', 'unit', 'read_at', 'amount', '_file_id', '_row');
    expect(shapeDifferences(stated, shape('reading_id', 'read_at', 'amount', '_file_id', '_row', 'unit'))).toEqual([]);
    // The columns the table was created with are still compared.
    expect(shapeDifferences(stated, shape('read_at', 'reading_id', 'amount', '_file_id', '_row', 'unit'))).toEqual([
      'meter_readings: columns read_at, reading_id in this order, the definition lists them reading_id, read_at',
    ]);
  });

  it('leaves a missing or an extra column to their own sentences', () => {
    const stated = shape('reading_id', 'read_at', 'amount', '_file_id', '_row');
    expect(shapeDifferences(stated, shape('reading_id', 'old', 'amount', '_file_id', '_row'))).toEqual([
      'meter_readings.read_at: missing (text not null)',
      'meter_readings.old: in the warehouse, not in the definition',
    ]);
  });
});
