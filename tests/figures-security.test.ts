import { describe, expect, it } from 'vitest';
import { figure } from './support/figures.js';
import { securityOp as op } from './support/rows.js';
import { useWarehouse } from './support/shared-warehouse.js';
import { insertRows, WAREHOUSE_KINDS } from './support/warehouses.js';

const SECURITY_FIGURES = ['security.attacks_blocked', 'security.ips_blocked', 'security.warnings_handled', 'security.vulnerabilities_fixed', 'security.drills'];

describe.each(WAREHOUSE_KINDS)('network security figures on %s', (kind) => {
  const wh = useWarehouse(kind, { clear: ['security_ops'] });

  it('each figure adds the counts of its own type recorded in the year', async () => {
    await insertRows(wh(), 'security_ops', [
      op('攻击拦截', '2023-01-01', 300),
      op('攻击拦截', '2023-12-31', 17),
      op('攻击拦截', '2022-12-31', 1000),
      op('攻击拦截', '2024-01-01', 1000),
      op('IP封堵', '2023-06-01', 1731),
      op('预警响应', '2023-02-01', 250),
      op('预警响应', '2023-03-01', 2),
      op('应急演练', '2023-04-01', 20),
      op('应急演练', '2023-11-01', 1, { severity: '低危' }), // severity only filters vulnerabilities
    ]);
    expect((await figure(wh(), 'security.attacks_blocked')).value).toBe(317);
    expect((await figure(wh(), 'security.ips_blocked')).value).toBe(1731);
    expect((await figure(wh(), 'security.warnings_handled')).value).toBe(252);
    expect((await figure(wh(), 'security.drills')).value).toBe(21);
    expect((await figure(wh(), 'security.vulnerabilities_fixed')).value).toBe(0);
  });

  it('security.vulnerabilities_fixed adds 高危 and 中危 漏洞处置 of the year; 低危 and no severity are left out', async () => {
    await insertRows(wh(), 'security_ops', [
      op('漏洞处置', '2023-01-01', 10, { severity: '高危' }),
      op('漏洞处置', '2023-12-31', 5, { severity: '中危' }),
      op('漏洞处置', '2023-06-01', 7, { severity: '低危' }),
      op('漏洞处置', '2023-06-01', 3), // no severity
      op('漏洞处置', '2022-12-31', 100, { severity: '高危' }),
      op('漏洞处置', '2024-01-01', 100, { severity: '中危' }),
      op('攻击拦截', '2023-06-01', 100, { severity: '高危' }),
    ]);
    expect((await figure(wh(), 'security.vulnerabilities_fixed')).value).toBe(15);
  });

  it('every figure is 0 over a year without records of its type', async () => {
    await insertRows(wh(), 'security_ops', [op('攻击拦截', '2022-06-01', 5), op('漏洞处置', '2023-06-01', 5, { severity: '低危' })]);
    for (const id of SECURITY_FIGURES) {
      const f = await figure(wh(), id);
      expect(f.value, id).toBe(0);
      expect(f.reason, id).toBeNull();
    }
  });
});
