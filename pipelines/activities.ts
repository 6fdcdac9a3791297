import { cell } from '../src/transform/cells.js';
import { defineSource } from '../src/sources/define.js';

export const ACTIVITY_TYPES = [
  '专题学习', '领导班子党课', '支部书记党课', '调研成果', '班组学习', '主题党日', '安全演练', '体验分享会', '体验杂志', '调度会议',
  '督办', '走访调研', '远程质检', '调查函研判', '分析报告', '分省报告', '专项分析', '数字化产品体验', '其他',
] as const;

export const activities = defineSource({
  id: 'activities',
  title: '活动台账',
  filePatterns: ['*活动台账*', 'activities*'],
  coverage: { kind: 'register', period: 'activity_date' },
  grain: 'one row per activity, meeting, report or supervision action',
  columns: [
    { name: 'activity_id', header: '活动编号', aliases: ['编号'], type: cell.text(), key: true, comment: 'activity number' },
    { name: 'activity_date', header: '日期', aliases: ['活动日期'], type: cell.date(), comment: 'date of the activity' },
    { name: 'type', header: '活动类型', aliases: ['类型'], type: cell.enumOf(ACTIVITY_TYPES), comment: 'kind of activity' },
    { name: 'title', header: '活动名称', aliases: ['名称', '主题'], type: cell.text(), comment: 'title or subject' },
    { name: 'province', header: '省份', aliases: ['对象省份'], type: cell.province(), optional: true, comment: 'province concerned (one of the 31 short names)', fillMergedDown: true },
    { name: 'participants', header: '参与人数', aliases: ['人数'], type: cell.int(), optional: true, comment: 'number of participants, persons' },
    { name: 'items', header: '数量', aliases: ['涉及数量', '件数'], type: cell.int(), optional: true, comment: 'items handled, e.g. tickets checked' },
  ],
});
