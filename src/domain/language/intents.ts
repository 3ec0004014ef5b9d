import type { AssignableRole } from '../incident/roles.js';
import type { Severity } from '../incident/severity.js';

/** What a chat line asks for, before people and rooms are looked up. */
export type Intent =
  | { kind: 'declare'; severity: Severity; title: string; private?: boolean }
  | { kind: 'ic' }
  | { kind: 'ic-page'; words: string }
  | { kind: 'ic-take'; force?: string }
  | { kind: 'ic-handover'; person: string }
  | { kind: 'ic-responders' }
  | { kind: 'ic-who'; person: string }
  | { kind: 'ic-why'; person: string }
  | { kind: 'role'; role: AssignableRole; person: string }
  | { kind: 'role-remove'; role: AssignableRole; person?: string }
  | { kind: 'proxy'; person: string }
  | { kind: 'page'; target: string; message: string }
  | { kind: 'roles' }
  | { kind: 'sev'; severity: Severity }
  | { kind: 'status' }
  | { kind: 'status-stalk' }
  | { kind: 'status-unstalk' }
  | { kind: 'note'; text: string }
  | { kind: 'todo'; text: string }
  | { kind: 'noise'; reason?: string }
  | { kind: 'task'; owner: string; text: string }
  | { kind: 'task-done'; n: number }
  | { kind: 'update'; text: string }
  | { kind: 'public'; text: string }
  | { kind: 'public-title'; title: string }
  | { kind: 'approve'; n: number; anyway?: boolean }
  | { kind: 'subscribe'; target: string }
  | { kind: 'ack'; page?: string; all?: true }
  | { kind: 'invite'; person: string }
  | { kind: 'resolve'; falseAlarm?: boolean }
  | { kind: 'reopen' }
  | { kind: 'maintenance'; components: string[]; from: string; to: string; text: string }
  | { kind: 'maintenance-end'; id: number }
  | { kind: 'maintenance-list' }
  | { kind: 'subteam'; name?: string; lead: string }
  | { kind: 'subteam-close'; name: string }
  | { kind: 'merge'; other: number }
  | { kind: 'help'; topic?: CommandName }
  | { kind: 'oncall' }
  | { kind: 'oncall-take'; schedule: string; minutes: number }
  | { kind: 'oncall-end'; schedule: string };

/** The top-level commands; `!help <name>` and every usage message are keyed by these. */
export const COMMAND_NAMES = [
  'declare', 'ic', 'page', 'role', 'roles', 'proxy', 'sev', 'status', 'note', 'todo', 'noise', 'task',
  'update', 'public', 'approve', 'subscribe', 'ack', 'invite', 'resolve', 'reopen', 'subteam', 'merge', 'help',
  'maintenance', 'oncall',
] as const;
export type CommandName = (typeof COMMAND_NAMES)[number];

export interface ParseError {
  /** A catalog key under `parse.` */
  code: string;
  params?: Record<string, string | number>;
  /** The command whose correct form the reply should show. */
  usage?: CommandName;
  /** An unknown word, and the words it may have been meant as (for "did you mean"). */
  suggest?: { given: string; among: readonly string[]; prefix?: string };
}

export type ParsedLine =
  | { kind: 'conversation'; text: string }
  /** `target`: the incident named with `#7` in front of the arguments, for any room. */
  | { kind: 'command'; intent: Intent; target?: number }
  | { kind: 'invalid'; error: ParseError };
