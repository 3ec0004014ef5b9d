import { COMMAND_ALIASES, ROLE_ALIASES } from '../../../src/domain/language/aliases.js';

/** The lines the room's buttons and forms send: the same ones Slack's buttons type. */
export { commandLine } from '../../../src/domain/language/command-lines.js';

export type AssignableRole = keyof typeof ROLE_ALIASES;
export const ASSIGNABLE_ROLES = Object.keys(ROLE_ALIASES) as AssignableRole[];

export type CommandName = keyof typeof COMMAND_ALIASES;
export const COMMANDS = Object.keys(COMMAND_ALIASES) as CommandName[];
