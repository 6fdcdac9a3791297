/** The auditor's and analyst's commands: explain, verify, freeze, grant, serve. */
import type { Command } from 'commander';
import type { SourceDefinition } from '../sources/define.js';
import { registerExplain } from './explain-command.js';
import { registerFreeze } from './freeze-command.js';
import { registerGrant } from './grant-command.js';
import { registerServe } from './serve-command.js';
import { registerVerify } from './verify-command.js';

/** Adds every audit and analyst command to the program. */
export function registerAuditCommands(program: Command, sources: readonly SourceDefinition[]): void {
  registerExplain(program);
  registerVerify(program, sources);
  registerFreeze(program);
  registerGrant(program);
  registerServe(program);
}
