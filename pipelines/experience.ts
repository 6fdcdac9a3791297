import { cell } from '../src/transform/cells.js';
import { defineSource } from '../src/sources/define.js';

export const experienceTasks = defineSource({
  id: 'experience_tasks',
  title: 'UE189 体验任务',
  filePatterns: ['*体验任务*', 'experience_tasks*'],
  coverage: { kind: 'register', period: 'launched' },
  grain: 'one row per experience task',
  columns: [
    { name: 'task_id', header: '任务编号', aliases: ['编号'], type: cell.text(), key: true, comment: 'task number' },
    { name: 'title', header: '任务名称', aliases: ['名称'], type: cell.text(), comment: 'task title' },
    { name: 'launched', header: '上线日期', aliases: ['发布日期'], type: cell.date(), comment: 'date the task went live' },
    { name: 'samples', header: '回收样本数', aliases: ['样本数'], type: cell.int(), comment: 'samples collected' },
  ],
});

export const experiencers = defineSource({
  id: 'experiencers',
  title: 'UE189 体验员',
  filePatterns: ['*体验员*', 'experiencers*'],
  coverage: { kind: 'snapshot' },
  grain: 'one row per experiencer (volunteer customer tester)',
  columns: [
    { name: 'experiencer_id', header: '体验员编号', aliases: ['编号'], type: cell.text(), key: true, comment: 'experiencer number' },
    { name: 'province', header: '省份', type: cell.province(), optional: true, comment: 'province (one of the 31 short names)' },
    { name: 'joined', header: '加入日期', aliases: ['入库日期'], type: cell.date(), comment: 'date joined the pool' },
    // `left` is a reserved word in SQL; the engine quotes every identifier.
    { name: 'left', header: '退出日期', type: cell.date(), optional: true, comment: 'date left the pool; null = still active' },
  ],
});
