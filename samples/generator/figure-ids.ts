/**
 * The figures the self-check recomputes in TypeScript, grouped by the sources that produce them.
 * Which figures the generator aims at is not listed here: it is every figure of the catalogue
 * (sql/figures) that the published values state (see buildTargets).
 */

/** The four core sources: hr 8, training 4, hotline 5, complaints 2, antifraud 1, survey 4. */
export const CORE_FIGURES = [
  'hr.headcount', 'hr.contract_rate', 'hr.promotion_rate', 'hr.salary_paid_rate', 'hr.health_check_rate',
  'hr.charity_rate', 'hr.core_talents', 'hr.backbone_talents',
  'training.sessions', 'training.attendances', 'training.coverage', 'training.management_attendees',
  'hotline.on_time_rate', 'hotline.first_contact_rate', 'hotline.appeal_warnings', 'hotline.overdue_warnings',
  'hotline.handle_time_cut', 'complaints.internet_growth', 'complaints.appeal_rate_change', 'antifraud.tickets',
  'survey.success_samples', 'survey.accuracy', 'survey.instant_provinces', 'survey.instant_touchpoints',
] as const;

/** The large sources: call_records, ticket_audits, self_service_daily, elearning_records. */
export const VOLUME_FIGURES = [
  'calls.answer_15s_rate', 'calls.manual_q1_growth', 'calls.hotline_10005_manual_cut',
  'audit.reviewed', 'audit.responsible', 'audit.monthly_responsible_rate', 'audit.proxy_reviewed', 'audit.proxy_suspect_share',
  'selfservice.internet_volume', 'selfservice.diversion_rate', 'selfservice.roaming_queries', 'selfservice.kb_logins',
  'elearning.hours', 'elearning.credits',
] as const;

/** The activities ledger of the office. */
export const ACTIVITY_FIGURES = [
  'party.study_sessions', 'party.leadership_lectures', 'party.branch_lectures', 'party.research_outcomes', 'team.learning_activities',
  'supervision.dispatch_meetings', 'supervision.actions', 'supervision.provinces', 'supervision.visited_provinces',
  'supervision.remote_qc_tickets', 'supervision.investigation_letters',
  'survey.analysis_reports', 'survey.province_reports', 'survey.special_analysis_provinces',
  'experience.product_reviews', 'experience.sharing_sessions', 'experience.magazine_issues', 'experience.audience',
] as const;

/** The small ledgers: volunteer_service, safety_register, security_ops, energy, contracts, UE189. */
export const LEDGER_FIGURES = [
  'volunteer.person_times', 'volunteer.activities', 'volunteer.hours',
  'safety.hazards', 'safety.level3_hazards', 'safety.rectified_by_september', 'safety.rectification_cost', 'safety.accidents',
  'safety.infosec_violations',
  'security.attacks_blocked', 'security.ips_blocked', 'security.warnings_handled', 'security.vulnerabilities_fixed', 'security.drills',
  'energy.plan_ratio',
  'contracts.fulfilment_rate', 'contracts.procurement_fulfilment_rate', 'contracts.responsibility_rate',
  'experience.tasks', 'experience.samples', 'experience.new_experiencers', 'experience.active_experiencers',
] as const;

export const SELF_CHECKED_FIGURES = [...CORE_FIGURES, ...VOLUME_FIGURES, ...ACTIVITY_FIGURES, ...LEDGER_FIGURES] as const;

export type CoreFigureId = (typeof CORE_FIGURES)[number];
export type VolumeFigureId = (typeof VOLUME_FIGURES)[number];
export type ActivityFigureId = (typeof ACTIVITY_FIGURES)[number];
export type LedgerFigureId = (typeof LEDGER_FIGURES)[number];
export type FigureId = (typeof SELF_CHECKED_FIGURES)[number];

/**
 * Volume figures that the small scale divides by SMALL_DIVISOR (rates, hr, training and the
 * hand-kept ledgers stay as published): the large exports shrink, their targets with them.
 */
export const SMALL_SCALED: readonly string[] = [
  'hotline.appeal_warnings', 'hotline.overdue_warnings', 'antifraud.tickets', 'survey.success_samples',
  'audit.reviewed', 'audit.responsible', 'audit.proxy_reviewed',
  'selfservice.internet_volume', 'selfservice.roaming_queries', 'selfservice.kb_logins',
  'elearning.hours', 'elearning.credits',
];
export const SMALL_DIVISOR = 100;
