/** Every source the pipeline knows, in load order (a source that refers to another comes after it). */
import type { SourceDefinition } from '../src/sources/define.js';
import { activities } from './activities.js';
import { callRecords } from './call-records.js';
import { contracts } from './contracts.js';
import { elearningRecords } from './elearning-records.js';
import { energy } from './energy.js';
import { experiencers, experienceTasks } from './experience.js';
import { hotlineTickets } from './hotline-tickets.js';
import { hrRoster } from './hr-roster.js';
import { satisfactionSamples } from './satisfaction-samples.js';
import { safetyRegister } from './safety-register.js';
import { securityOps } from './security-ops.js';
import { selfServiceDaily } from './self-service-daily.js';
import { ticketAudits } from './ticket-audits.js';
import { trainingAttendance, trainingSessions } from './training.js';
import { volunteerService } from './volunteer-service.js';

export const sources: readonly SourceDefinition[] = [
  hrRoster,
  trainingSessions,
  trainingAttendance,
  elearningRecords,
  hotlineTickets,
  callRecords,
  ticketAudits,
  satisfactionSamples,
  selfServiceDaily,
  experienceTasks,
  experiencers,
  activities,
  volunteerService,
  safetyRegister,
  securityOps,
  energy,
  contracts,
];

export type { SourceDefinition, ColumnDefinition, ParsedRow, RowRule } from '../src/sources/define.js';
