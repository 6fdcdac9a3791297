import { cell } from '../src/transform/cells.js';
import { defineSource } from '../src/sources/define.js';

export const contracts = defineSource({
  id: 'contracts',
  title: '合同台账',
  filePatterns: ['*合同*', 'contracts*'],
  coverage: { kind: 'register', period: 'signed_date' },
  grain: 'one row per contract or responsibility pledge (责任书)',
  columns: [
    { name: 'contract_id', header: '合同编号', aliases: ['编号'], type: cell.text(), key: true, comment: 'contract number' },
    { name: 'type', header: '合同类型', aliases: ['类型'], type: cell.enumOf(['采购', '服务', '租赁', '责任书', '其他']), comment: 'kind of contract' },
    { name: 'counterparty', header: '对方单位', aliases: ['签约对象'], type: cell.text(), comment: 'other party; for 责任书 the department that signed' },
    { name: 'signed_date', header: '签订日期', aliases: ['签约日期'], type: cell.date(), comment: 'date signed' },
    { name: 'amount', header: '金额(元)', aliases: ['合同金额'], type: cell.decimal({ min: 0 }), optional: true, comment: 'contract value, yuan' },
    { name: 'status', header: '履约状态', aliases: ['状态'], type: cell.enumOf(['履约完成', '履约中', '违约', '终止']), comment: 'performance status' },
  ],
});
