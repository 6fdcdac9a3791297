import { cell } from '../src/transform/cells.js';
import { defineSource } from '../src/sources/define.js';

export const securityOps = defineSource({
  id: 'security_ops',
  title: '网信安全运营记录',
  filePatterns: ['*网信安全*', 'security*'],
  coverage: { kind: 'register', period: 'record_date' },
  grain: 'one row per recorded security-operations event (a count of like actions on a day)',
  columns: [
    { name: 'record_id', header: '编号', aliases: ['记录编号'], type: cell.text(), key: true, comment: 'record number' },
    { name: 'record_date', header: '日期', aliases: ['发生日期'], type: cell.date(), comment: 'date of the event' },
    { name: 'type', header: '类型', aliases: ['事件类型'], type: cell.enumOf(['攻击拦截', 'IP封堵', '预警响应', '漏洞处置', '应急演练']), comment: 'kind of security action' },
    { name: 'count', header: '数量', aliases: ['次数', '个数'], type: cell.int({ min: 1 }), comment: 'number of actions (≥ 1)' },
    { name: 'severity', header: '等级', aliases: ['危险等级'], type: cell.enumOf(['高危', '中危', '低危']), optional: true, comment: 'severity' },
  ],
});
