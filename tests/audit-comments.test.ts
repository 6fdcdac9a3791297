import { describe, expect, it } from 'vitest';
import { sources } from '../pipelines/index.js';
import { columnComments, tableComment } from '../src/audit/source-comments.js';
import { useWarehouse } from './support/shared-warehouse.js';
import { WAREHOUSE_KINDS } from './support/warehouses.js';

interface Described {
  schema: string;
  name: string;
  kind: string;
  column: string | null;
  comment: string | null;
}

describe.each(WAREHOUSE_KINDS)('the comments of the warehouse on %s', (kind) => {
  const wh = useWarehouse(kind);

  async function described(): Promise<Described[]> {
    const { rows } = await wh().query<Described>(`
      select t.table_schema as schema, t.table_name as name, t.table_type as kind, null as column,
             obj_description(format('%I.%I', t.table_schema, t.table_name)::regclass, 'pg_class') as comment
      from information_schema.tables t
      where t.table_schema in ('public', 'etl')
      union all
      select c.table_schema, c.table_name, 'COLUMN', c.column_name,
             col_description(format('%I.%I', c.table_schema, c.table_name)::regclass, c.ordinal_position)
      from information_schema.columns c
      where c.table_schema in ('public', 'etl')
      order by 1, 2, 4 nulls first`);
    return rows;
  }

  it('leave no table, view or column without one, etl tables and _file_id/_row included', async () => {
    const all = await described();
    const tables = all.filter((d) => d.column === null);
    expect(tables.filter((d) => d.kind === 'VIEW').map((d) => d.name).sort()).toEqual(['audit_verdicts_monthly', 'calls_answered_15s_monthly', 'hotline_kpis_monthly', 'satisfaction_by_province_quarter']);
    expect(tables.filter((d) => d.schema === 'etl').map((d) => d.name)).toEqual(expect.arrayContaining(['figure_values', 'files', 'freezes', 'frozen_figures', 'rejects', 'run_files', 'runs', 'schema_migrations', 'skips']));
    expect(tables.filter((d) => d.schema === 'public' && d.kind === 'BASE TABLE').map((d) => d.name).sort()).toEqual(sources.map((s) => s.id).sort());
    expect(all.length).toBeGreaterThan(250);
    expect(all.filter((d) => !d.comment?.trim()).map((d) => `${d.schema}.${d.name}${d.column ? `.${d.column}` : ''}`)).toEqual([]);
    expect(all.find((d) => d.name === 'hotline_tickets' && d.column === '_file_id')?.comment).toBe('input file the row came from (→ etl.files.file_id)');
    expect(all.find((d) => d.schema === 'etl' && d.name === 'runs' && d.column === 'git_commit')?.comment).toContain('git commit');
  });

  it('say for each source table what pipelines/ says: title, grain, Chinese header and meaning', async () => {
    const all = await described();
    for (const source of sources) {
      expect(all.find((d) => d.name === source.id && d.column === null)?.comment, source.id).toBe(tableComment(source));
      for (const [column, text] of columnComments(source)) {
        expect(all.find((d) => d.name === source.id && d.column === column)?.comment, `${source.id}.${column}`).toBe(text);
      }
    }
    expect(all.find((d) => d.name === 'hotline_tickets' && d.column === null)?.comment).toBe(
      '10005 热线工单明细 (files *工单明细*, hotline_tickets*): one row per ticket. Rebuilt by every run from the input folder.',
    );
    expect(all.find((d) => d.name === 'hotline_tickets' && d.column === 'handle_seconds')?.comment).toBe('处理时长(秒): handling time, seconds');
    expect(all.find((d) => d.name === 'hotline_tickets' && d.column === 'ticket_id')?.comment).toBe('工单编号: ticket number; part of the natural key');
  });
});
