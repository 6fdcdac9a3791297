import { cell } from '../src/transform/cells.js';
import { defineSource } from '../src/sources/define.js';

export const selfServiceDaily = defineSource({
  id: 'self_service_daily',
  title: '自助服务日报',
  filePatterns: ['*自助服务*', 'self_service*'],
  coverage: { kind: 'continuous', period: 'day' },
  grain: 'one row per day per self-service',
  columns: [
    { name: 'day', header: '日期', aliases: ['统计日期'], type: cell.date(), key: true, comment: 'day' },
    { name: 'service', header: '服务项目', aliases: ['服务'], type: cell.enumOf(['互联网自助服务', '国漫智能服务专区', '国漫知识库']), key: true, comment: 'self-service' },
    { name: 'volume', header: '服务量', aliases: ['次数', '查询量', '登录人次'], type: cell.int(), comment: 'uses of the service that day (visits, queries or logins)' },
    { name: 'manual_calls', header: '人工话务量', aliases: ['人工话务'], type: cell.int(), optional: true, comment: 'calls to agents of the same business line that day' },
  ],
});
