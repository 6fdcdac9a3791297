/**
 * The figures of the hand-kept ledgers (activities, volunteer_service, safety_register,
 * security_ops, energy, contracts, experience_tasks, experiencers) computed literally per
 * the figure definitions (sql/figures).
 */
import type { ActivityFigureId, LedgerFigureId } from './figure-ids.js';
import type {
  ActivityRecord, ContractRecord, EnergyRecord, ExperiencerRecord, RosterRecord, SafetyRecord, SecurityRecord, TaskRecord, VolunteerRecord,
} from './records.js';
import { hundredths } from './self-check-volumes.js';
import { percent, ratio } from './targets.js';
import type { Ratio } from './targets.js';

export interface LedgerInputs {
  roster: Iterable<RosterRecord>;
  activities: Iterable<ActivityRecord>;
  volunteers: Iterable<VolunteerRecord>;
  safety: Iterable<SafetyRecord>;
  security: Iterable<SecurityRecord>;
  energy: Iterable<EnergyRecord>;
  contracts: Iterable<ContractRecord>;
  tasks: Iterable<TaskRecord>;
  experiencers: Iterable<ExperiencerRecord>;
}

export function activityFigures(rows: Iterable<ActivityRecord>, year: number): Record<ActivityFigureId, Ratio | null> {
  const count = new Map<string, number>();
  const items = new Map<string, number>();
  const participants = new Map<string, number>();
  const provinces = new Map<string, Set<string>>();
  for (const r of rows) {
    if (r.activity_date < `${year}-01-01` || r.activity_date > `${year}-12-31`) continue;
    count.set(r.type, (count.get(r.type) ?? 0) + 1);
    items.set(r.type, (items.get(r.type) ?? 0) + (r.items ?? 0));
    participants.set(r.type, (participants.get(r.type) ?? 0) + (r.participants ?? 0));
    if (r.province !== null) provinces.set(r.type, (provinces.get(r.type) ?? new Set()).add(r.province));
  }
  const n = (type: string) => ratio(count.get(type) ?? 0);
  const distinct = (type: string) => ratio(provinces.get(type)?.size ?? 0);
  return {
    'party.study_sessions': n('专题学习'),
    'party.leadership_lectures': n('领导班子党课'),
    'party.branch_lectures': n('支部书记党课'),
    'party.research_outcomes': n('调研成果'),
    'team.learning_activities': n('班组学习'),
    'supervision.dispatch_meetings': n('调度会议'),
    'supervision.actions': n('督办'),
    'supervision.provinces': distinct('督办'),
    'supervision.visited_provinces': distinct('走访调研'),
    'supervision.remote_qc_tickets': ratio(items.get('远程质检') ?? 0),
    'supervision.investigation_letters': ratio(items.get('调查函研判') ?? 0),
    'survey.analysis_reports': n('分析报告'),
    'survey.province_reports': n('分省报告'),
    'survey.special_analysis_provinces': distinct('专项分析'),
    'experience.product_reviews': n('数字化产品体验'),
    'experience.sharing_sessions': n('体验分享会'),
    'experience.magazine_issues': n('体验杂志'),
    'experience.audience': ratio((participants.get('体验分享会') ?? 0) + (participants.get('体验杂志') ?? 0)),
  };
}

export function ledgerFigures(inputs: LedgerInputs, year: number): Record<LedgerFigureId, Ratio | null> {
  const [yFrom, yEnd] = [`${year}-01-01`, `${year}-12-31`];
  const inYear = (d: string) => d >= yFrom && d <= yEnd;

  const volunteers = [...inputs.volunteers].filter((r) => inYear(r.service_date));
  const volunteerHours = volunteers.reduce((s, r) => s + hundredths(r.hours), 0);

  const records = [...inputs.safety].filter((r) => inYear(r.found_date));
  const hazards = records.filter((r) => r.kind === '隐患');
  const cost = hazards.reduce((s, r) => s + (r.cost === null ? 0 : hundredths(r.cost)), 0);

  const security = new Map<string, number>();
  for (const r of inputs.security) {
    if (!inYear(r.record_date)) continue;
    const key = r.type === '漏洞处置' ? (r.severity === '高危' || r.severity === '中危' ? r.type : 'other') : r.type;
    security.set(key, (security.get(key) ?? 0) + r.count);
  }
  const securitySum = (type: string) => ratio(security.get(type) ?? 0);

  let kwh = 0;
  let plan = 0;
  for (const r of inputs.energy) {
    if (!inYear(r.month)) continue;
    kwh += hundredths(r.kwh);
    plan += hundredths(r.plan_kwh);
  }

  const contracts = [...inputs.contracts].filter((r) => inYear(r.signed_date));
  const fulfilled = (r: ContractRecord) => r.status === '履约完成' || r.status === '履约中';
  const others = contracts.filter((r) => r.type !== '责任书');
  const procurement = others.filter((r) => r.type === '采购');
  const signers = new Set(contracts.filter((r) => r.type === '责任书').map((r) => r.counterparty));
  const departments = new Set<string>();
  for (const e of inputs.roster) {
    if (e.employment_type === '正式' && e.hire_date <= yEnd && (e.leave_date === null || e.leave_date > yEnd)) departments.add(e.department);
  }
  const signed = [...departments].filter((d) => signers.has(d)).length;

  const tasks = [...inputs.tasks].filter((r) => inYear(r.launched));
  const experiencers = [...inputs.experiencers];

  return {
    'volunteer.person_times': ratio(volunteers.length),
    'volunteer.activities': ratio(new Set(volunteers.map((r) => r.activity_id)).size),
    'volunteer.hours': ratio(volunteerHours, 100),
    'safety.hazards': ratio(hazards.length),
    'safety.level3_hazards': ratio(hazards.filter((r) => r.level === '3级').length),
    'safety.rectified_by_september': ratio(hazards.filter((r) => r.rectified_date !== null && r.rectified_date <= `${year}-09-30`).length),
    'safety.rectification_cost': ratio(cost, 100),
    'safety.accidents': ratio(records.filter((r) => r.kind === '事故').length),
    'safety.infosec_violations': ratio(records.filter((r) => r.kind === '信息安全违规').length),
    'security.attacks_blocked': securitySum('攻击拦截'),
    'security.ips_blocked': securitySum('IP封堵'),
    'security.warnings_handled': securitySum('预警响应'),
    'security.vulnerabilities_fixed': securitySum('漏洞处置'),
    'security.drills': securitySum('应急演练'),
    'energy.plan_ratio': plan === 0 ? null : ratio(BigInt(kwh) * 100n, plan),
    'contracts.fulfilment_rate': percent(others.filter(fulfilled).length, others.length),
    'contracts.procurement_fulfilment_rate': percent(procurement.filter(fulfilled).length, procurement.length),
    'contracts.responsibility_rate': percent(signed, departments.size),
    'experience.tasks': ratio(tasks.length),
    'experience.samples': ratio(tasks.reduce((s, r) => s + r.samples, 0)),
    'experience.new_experiencers': ratio(experiencers.filter((r) => inYear(r.joined)).length),
    'experience.active_experiencers': ratio(experiencers.filter((r) => r.joined <= yEnd && (r.left === null || r.left > yEnd)).length),
  };
}
