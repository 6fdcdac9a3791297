/** Every source the pipeline knows, in load order (a source that refers to another comes after it). */
import type { SourceDefinition } from './define.js';
import { hotlineTickets } from './hotline-tickets.js';
import { hrRoster } from './hr-roster.js';
import { satisfactionSamples } from './satisfaction-samples.js';
import { trainingAttendance, trainingSessions } from './training.js';

export const sources: readonly SourceDefinition[] = [hrRoster, trainingSessions, trainingAttendance, hotlineTickets, satisfactionSamples];

export type { SourceDefinition, ColumnDefinition, ParsedRow, RowRule } from './define.js';
