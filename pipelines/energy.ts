import { cell } from '../src/transform/cells.js';
import { defineSource } from '../src/sources/define.js';

export const energy = defineSource({
  id: 'energy',
  title: '用电台账',
  filePatterns: ['*用电*', 'energy*'],
  coverage: { kind: 'continuous', period: 'month' },
  grain: 'one row per month per building',
  columns: [
    { name: 'month', header: '月份', aliases: ['统计月份'], type: cell.month(), key: true, comment: 'month, stored as its first day' },
    { name: 'site', header: '楼宇', aliases: ['站点', '地点'], type: cell.text(), key: true, comment: 'building or site' },
    { name: 'kwh', header: '实际用电(kWh)', aliases: ['实际用电量', '用电量'], type: cell.decimal({ min: 0 }), comment: 'electricity used, kWh' },
    { name: 'plan_kwh', header: '计划用电(kWh)', aliases: ['计划用电量', '考核计划'], type: cell.decimal({ min: 0, exclusiveMin: true }), comment: 'planned (target) electricity, kWh (> 0)' },
  ],
});
