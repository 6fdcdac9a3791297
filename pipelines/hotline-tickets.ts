import { cell } from '../src/transform/cells.js';
import { defineSource, notBefore } from '../src/sources/define.js';

export const hotlineTickets = defineSource({
  id: 'hotline_tickets',
  title: '10005 热线工单明细',
  filePatterns: ['*工单明细*', 'hotline_tickets*'],
  coverage: { kind: 'continuous', period: 'created_at' },
  grain: 'one row per ticket',
  columns: [
    { name: 'ticket_id', header: '工单编号', aliases: ['工单号', '工单流水号'], type: cell.text(), key: true, comment: 'ticket number' },
    { name: 'hotline', header: '热线号码', aliases: ['热线', '受理热线'], type: cell.text(), comment: 'hotline that took the ticket, e.g. 10005' },
    { name: 'province', header: '省份', aliases: ['归属省份', '省公司'], type: cell.province(), comment: 'province (one of the 31 short names)' },
    { name: 'created_at', header: '建单时间', aliases: ['受理时间', '创建时间'], type: cell.timestamp(), comment: 'when the ticket was opened (CST wall clock)' },
    { name: 'deadline', header: '处理时限', aliases: ['要求完成时间', '时限'], type: cell.timestamp(), comment: 'when the ticket is due (CST wall clock)' },
    { name: 'closed_at', header: '办结时间', aliases: ['结单时间', '归档时间'], type: cell.timestamp(), optional: true, comment: 'when the ticket was closed; null = still open' },
    {
      name: 'channel',
      header: '受理渠道',
      aliases: ['渠道'],
      type: cell.enumOf(['电话', '互联网', '短信', '信函', '一证通查', '12381', '不良信息举报', '其他']),
      comment: 'channel the ticket came in by',
    },
    { name: 'category', header: '工单类型', aliases: ['类型', '业务类型'], type: cell.enumOf(['投诉', '申诉', '咨询', '建议', '其他']), comment: 'ticket type' },
    { name: 'first_contact_resolved', header: '一次解决', aliases: ['是否一次解决', '一解'], type: cell.bool(), comment: 'resolved at first contact' },
    { name: 'appeal_warning', header: '申诉倾向预警', aliases: ['申诉预警'], type: cell.bool(), comment: 'an appeal-tendency warning was issued' },
    { name: 'overdue_warning', header: '超时警示', aliases: ['超时预警'], type: cell.bool(), comment: 'an overdue warning was issued' },
    { name: 'handle_seconds', header: '处理时长(秒)', aliases: ['处理时长', '处理时长（秒）'], type: cell.int(), comment: 'handling time, seconds' },
    { name: 'customer_phone_hash', header: '联系电话', aliases: ['用户号码', '主叫号码'], type: cell.phone(), optional: true, comment: 'HMAC-SHA-256 of the customer phone number (never in clear text)' },
  ],
  rules: [notBefore('deadline', 'created_at', '建单时间'), notBefore('closed_at', 'created_at', '建单时间')],
});
