import { cell } from '../src/transform/cells.js';
import { defineSource, notBefore } from '../src/sources/define.js';

export const hrRoster = defineSource({
  id: 'hr_roster',
  title: '员工花名册',
  filePatterns: ['*花名册*', 'hr_roster*'],
  coverage: { kind: 'snapshot' },
  grain: 'one row per employee employed at any time in the year',
  columns: [
    { name: 'employee_id', header: '工号', aliases: ['员工编号', '员工号'], type: cell.text(), key: true, comment: 'employee number' },
    { name: 'name', header: '姓名', aliases: ['员工姓名'], type: cell.name(), optional: true },
    { name: 'department', header: '部门', aliases: ['所属部门'], type: cell.text(), comment: 'department', fillMergedDown: true },
    { name: 'gender', header: '性别', type: cell.enumOf(['男', '女']), comment: 'gender' },
    { name: 'employment_type', header: '用工类型', aliases: ['用工性质'], type: cell.enumOf(['正式', '外包', '实习', '劳务派遣']), comment: 'employment type; 正式 = formal staff' },
    { name: 'hire_date', header: '入职日期', aliases: ['入职时间'], type: cell.date(), comment: 'hire date' },
    { name: 'leave_date', header: '离职日期', aliases: ['离职时间'], type: cell.date(), optional: true, comment: 'leave date; null = still employed' },
    { name: 'contract_signed', header: '劳动合同签订', aliases: ['是否签订劳动合同'], type: cell.bool(), comment: 'labour contract signed' },
    { name: 'promoted', header: '本年晋升', aliases: ['是否晋升', '岗位晋升'], type: cell.bool(), comment: 'promoted this year' },
    { name: 'talent_tier', header: '人才类别', aliases: ['人才等级'], type: cell.enumOf(['核心', '骨干', '无']), emptyAs: '无', comment: 'talent tier; empty in the export = 无' },
    { name: 'health_check', header: '年度体检', aliases: ['是否体检'], type: cell.bool(), comment: 'had the yearly health check' },
    { name: 'salary_paid', header: '薪酬足额发放', aliases: ['薪酬是否足额发放'], type: cell.bool(), comment: 'salary paid in full' },
    { name: 'charity_day', header: '一日捐', aliases: ['是否参加一日捐'], type: cell.bool(), comment: 'took part in the one-day donation' },
  ],
  rules: [notBefore('leave_date', 'hire_date', '入职日期')],
});
