import { cell } from '../src/transform/cells.js';
import { defineSource, requiredWhen } from '../src/sources/define.js';

export const satisfactionSamples = defineSource({
  id: 'satisfaction_samples',
  title: '满意度测评样本',
  filePatterns: ['*测评样本*', 'satisfaction*'],
  coverage: { kind: 'continuous', period: 'survey_date' },
  grain: 'one row per survey sample',
  columns: [
    { name: 'sample_id', header: '样本编号', aliases: ['样本ID'], type: cell.text(), key: true, comment: 'sample id' },
    { name: 'survey', header: '测评项目', aliases: ['调查项目'], type: cell.enumOf(['公众综合', '四融', '产数', '即时测评']), comment: 'survey programme' },
    { name: 'province', header: '省份', aliases: ['省公司'], type: cell.province(), comment: 'province (one of the 31 short names)' },
    { name: 'touchpoint', header: '触点', aliases: ['服务触点'], type: cell.enumOf(['热线投诉', '营业厅', '装维服务']), optional: true, comment: 'service touchpoint (instant surveys)' },
    { name: 'survey_date', header: '测评日期', aliases: ['调查日期', '测评时间'], type: cell.date(), comment: 'date of the survey' },
    { name: 'status', header: '样本状态', aliases: ['状态'], type: cell.enumOf(['成功', '失败', '无效']), comment: 'sample outcome' },
    { name: 'score', header: '满意度得分', aliases: ['得分', '评分'], type: cell.decimal({ min: 0, max: 10 }), optional: true, comment: 'satisfaction score 0–10' },
    { name: 'audited', header: '是否稽核', aliases: ['稽核'], type: cell.bool(), comment: 'the sample was audited' },
    { name: 'audit_passed', header: '稽核结果', aliases: ['稽核是否通过'], type: cell.bool(), optional: true, comment: 'the audit found the sample correct' },
  ],
  rules: [
    requiredWhen('touchpoint', { column: 'survey', equals: '即时测评' }, 'for 即时测评 samples'),
    requiredWhen('score', { column: 'status', equals: '成功' }, 'when 样本状态 is 成功'),
    requiredWhen('audit_passed', { column: 'audited', equals: true }, 'when the sample was audited'),
  ],
});
