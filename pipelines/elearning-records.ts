import { cell } from '../src/transform/cells.js';
import { defineSource } from '../src/sources/define.js';

export const elearningRecords = defineSource({
  id: 'elearning_records',
  title: '轻学堂学习记录',
  filePatterns: ['*轻学堂*', 'elearning*'],
  coverage: { kind: 'register', period: 'study_date' },
  grain: 'one row per study record (a learner studying a course on a day)',
  columns: [
    { name: 'record_id', header: '记录编号', aliases: ['流水号'], type: cell.text(), key: true, comment: 'study record number' },
    { name: 'employee_id', header: '学员工号', aliases: ['工号', '用户账号'], type: cell.textMaskingPhones(), comment: 'learner’s employee number; outsourced learners may be missing from hr_roster. An account that is a mobile number (用户账号 of the e-learning platform) is stored as its mask hmac: + 16 hex, never in clear' },
    { name: 'course', header: '课程名称', aliases: ['课程'], type: cell.text(), comment: 'course studied' },
    { name: 'study_date', header: '学习日期', aliases: ['学习时间'], type: cell.date(), comment: 'date of study' },
    { name: 'minutes', header: '学习时长(分钟)', aliases: ['学习时长'], type: cell.decimal({ min: 0 }), comment: 'study time, minutes' },
    { name: 'credits', header: '学分', aliases: ['获得学分'], type: cell.decimal({ min: 0 }), comment: 'credits earned' },
  ],
  // An outsourced learner is not in the roster: warn, don't reject.
  references: [{ column: 'employee_id', source: 'hr_roster', sourceColumn: 'employee_id', soft: true }],
});
