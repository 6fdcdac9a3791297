/** The auditor's and analyst's commands: explain, verify, freeze, grant, serve. */
import type { Command } from 'commander';
import { registerExplain } from './explain-command.js';
import { registerFreeze } from './freeze-command.js';
import { registerGrant } from './grant-command.js';
import { registerServe } from './serve-command.js';
import { registerVerify } from './verify-command.js';

/** Adds every audit and analyst command to the program. */
export function registerAuditCommands(program: Command): void {
  registerExplain(program);
  registerVerify(program);
  registerFreeze(program);
  registerGrant(program);
  registerServe(program);
}
