import { cell } from '../src/transform/cells.js';
import { defineSource, notBefore } from '../src/sources/define.js';

const TRAINING_FILES = ['*培训台账*', 'training*'];

export const trainingSessions = defineSource({
  id: 'training_sessions',
  title: '培训台账 · 培训班',
  filePatterns: TRAINING_FILES,
  sheets: ['培训班', '班次', 'sessions'],
  coverage: { kind: 'register', period: 'start_date' },
  grain: 'one row per training session',
  columns: [
    { name: 'session_id', header: '培训编号', aliases: ['班次编号'], type: cell.text(), key: true, comment: 'session id' },
    { name: 'title', header: '培训名称', aliases: ['培训班名称', '课程名称'], type: cell.text(), comment: 'session title' },
    {
      name: 'category',
      header: '培训类别',
      aliases: ['类别'],
      type: cell.enumOf(['专业管理类', '业务技术类', '技能提升类', '安全宣传类', '党性教育类', '企业公开课', '专家讲坛', '员工讲堂']),
      comment: 'training category',
    },
    { name: 'start_date', header: '开始日期', aliases: ['培训日期'], type: cell.date(), comment: 'first day' },
    { name: 'end_date', header: '结束日期', type: cell.date(), optional: true, comment: 'last day' },
    { name: 'hours', header: '学时', aliases: ['培训学时'], type: cell.decimal({ min: 0 }), comment: 'class hours' },
  ],
  rules: [notBefore('end_date', 'start_date', '开始日期')],
});

export const trainingAttendance = defineSource({
  id: 'training_attendance',
  title: '培训台账 · 签到',
  filePatterns: TRAINING_FILES,
  sheets: ['签到', '签到表', 'attendance'],
  // Sign-ins carry no date of their own: the workbook's name, title rows or dated sessions say the year.
  coverage: { kind: 'register' },
  grain: 'one row per employee per session',
  columns: [
    { name: 'session_id', header: '培训编号', aliases: ['班次编号'], type: cell.text(), key: true, comment: 'session id (training_sessions.session_id)' },
    { name: 'employee_id', header: '工号', aliases: ['员工编号'], type: cell.text(), key: true, comment: 'employee number' },
    { name: 'name', header: '姓名', type: cell.name(), optional: true },
    { name: 'signed_in', header: '签到', aliases: ['是否签到'], type: cell.bool(), emptyAs: true, comment: 'signed in; empty in the export = 是' },
  ],
  references: [{ column: 'session_id', source: 'training_sessions', sourceColumn: 'session_id' }],
});
