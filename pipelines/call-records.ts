import { cell } from '../src/transform/cells.js';
import { defineSource, requiredWhen } from '../src/sources/define.js';

export const callRecords = defineSource({
  id: 'call_records',
  title: '话务明细',
  filePatterns: ['*话务明细*', 'call_records*'],
  coverage: { kind: 'continuous', period: 'start_time' },
  grain: 'one row per inbound call',
  columns: [
    { name: 'call_id', header: '话单编号', aliases: ['流水号', '呼叫流水号'], type: cell.text(), key: true, comment: 'call record number' },
    { name: 'hotline', header: '接入号', aliases: ['热线', '被叫号码'], type: cell.text(), comment: 'number called, e.g. 10005, 10000 (集约热线), 国漫, 18900110119' },
    { name: 'start_time', header: '呼入时间', aliases: ['来电时间'], type: cell.timestamp(), comment: 'when the call came in (CST wall clock)' },
    { name: 'queued', header: '转人工', aliases: ['是否转人工', '进入人工队列'], type: cell.bool(), comment: 'the call entered the queue for an agent' },
    { name: 'wait_seconds', header: '排队时长(秒)', aliases: ['等待时长', '排队时长'], type: cell.int(), optional: true, comment: 'time waited in the agent queue, seconds; null when not queued' },
    { name: 'outcome', header: '呼叫结果', aliases: ['结果'], type: cell.enumOf(['人工接通', 'IVR自助', '放弃', '溢出']), comment: 'how the call ended' },
    { name: 'talk_seconds', header: '通话时长(秒)', aliases: ['通话时长'], type: cell.int(), comment: 'talk time, seconds' },
    { name: 'site', header: '接听中心', aliases: ['话务中心'], type: cell.text(), optional: true, comment: 'call centre that answered' },
    { name: 'caller_phone_hash', header: '主叫号码', aliases: ['来电号码'], type: cell.phone(), optional: true, comment: 'HMAC-SHA-256 of the caller number (never in clear text)' },
  ],
  rules: [requiredWhen('wait_seconds', { column: 'queued', equals: true }, 'when the call went to an agent (转人工 = 是)')],
});
