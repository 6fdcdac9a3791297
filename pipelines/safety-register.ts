import { cell } from '../src/transform/cells.js';
import { defineSource, notBefore, requiredWhen } from '../src/sources/define.js';

export const safetyRegister = defineSource({
  id: 'safety_register',
  title: '安全生产台账',
  filePatterns: ['*安全*台账*', 'safety*'],
  coverage: { kind: 'register', period: 'found_date' },
  grain: 'one row per hazard, accident or information-security violation',
  columns: [
    { name: 'record_id', header: '编号', aliases: ['隐患编号'], type: cell.text(), key: true, comment: 'record number' },
    { name: 'kind', header: '类别', aliases: ['记录类别'], type: cell.enumOf(['隐患', '事故', '信息安全违规']), comment: 'hazard, accident or information-security violation' },
    { name: 'found_date', header: '发现日期', aliases: ['日期'], type: cell.date(), comment: 'date found or occurred' },
    { name: 'location', header: '位置', aliases: ['地点'], type: cell.text(), optional: true, comment: 'where' },
    {
      name: 'level',
      header: '等级',
      aliases: ['隐患等级'],
      type: cell.enumOf(['1级', '2级', '3级'], { 一级: '1级', 二级: '2级', 三级: '3级' }),
      optional: true,
      comment: 'hazard level 1级–3级; required for 隐患',
    },
    { name: 'description', header: '描述', aliases: ['隐患描述', '情况说明'], type: cell.text(), comment: 'what was found or happened' },
    { name: 'rectified_date', header: '整改完成日期', aliases: ['整改日期'], type: cell.date(), optional: true, comment: 'date rectification was completed; null = not yet' },
    { name: 'cost', header: '整改费用(元)', aliases: ['费用', '金额'], type: cell.decimal({ min: 0 }), optional: true, comment: 'rectification cost, yuan' },
  ],
  rules: [requiredWhen('level', { column: 'kind', equals: '隐患' }, 'for 隐患 records'), notBefore('rectified_date', 'found_date', '发现日期')],
});
