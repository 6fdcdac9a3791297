import { cell } from '../src/transform/cells.js';
import { defineSource } from '../src/sources/define.js';

export const ticketAudits = defineSource({
  id: 'ticket_audits',
  title: '工单审核明细 (新风行动)',
  filePatterns: ['*工单审核*', 'ticket_audits*'],
  coverage: { kind: 'continuous', period: 'audit_date' },
  grain: 'one row per ticket audit',
  columns: [
    { name: 'audit_id', header: '审核编号', aliases: ['审核流水号'], type: cell.text(), key: true, comment: 'audit number' },
    { name: 'ticket_id', header: '工单编号', aliases: ['工单号'], type: cell.text(), comment: 'ticket audited' },
    { name: 'province', header: '省份', aliases: ['省公司'], type: cell.province(), comment: 'province (one of the 31 short names)', fillMergedDown: true },
    { name: 'audit_date', header: '审核日期', aliases: ['审核时间'], type: cell.date(), comment: 'date of the audit' },
    { name: 'verdict', header: '定责结果', aliases: ['定责'], type: cell.enumOf(['企业有责', '企业无责', '用户原因', '其他']), comment: 'who was found responsible' },
    { name: 'proxy_ticket', header: '代客工单', aliases: ['是否代客工单'], type: cell.bool(), comment: 'the ticket was filed by staff on the customer’s behalf' },
    { name: 'proxy_suspect', header: '疑似代客', aliases: ['是否疑似代客'], type: cell.bool(), optional: true, comment: 'suspected proxy filing; only meaningful when proxy_ticket' },
  ],
});
