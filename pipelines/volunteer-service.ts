import { cell } from '../src/transform/cells.js';
import { defineSource } from '../src/sources/define.js';

export const volunteerService = defineSource({
  id: 'volunteer_service',
  title: '志愿服务记录',
  filePatterns: ['*志愿*', 'volunteer*'],
  coverage: { kind: 'register', period: 'service_date' },
  grain: 'one row per volunteer per activity',
  columns: [
    { name: 'activity_id', header: '活动编号', aliases: ['编号'], type: cell.text(), key: true, comment: 'volunteer activity number' },
    { name: 'service_date', header: '服务日期', aliases: ['日期'], type: cell.date(), comment: 'date of the service' },
    { name: 'title', header: '活动名称', aliases: ['名称'], type: cell.text(), comment: 'activity title' },
    { name: 'employee_id', header: '工号', aliases: ['志愿者工号'], type: cell.text(), key: true, comment: 'volunteer’s employee number' },
    { name: 'name', header: '姓名', aliases: ['志愿者'], type: cell.name(), optional: true },
    { name: 'hours', header: '服务时长(小时)', aliases: ['时长'], type: cell.decimal({ min: 0, exclusiveMin: true }), comment: 'hours served (> 0)' },
  ],
});
