import {
  APPROVE_ANYWAY_ALIASES,
  COMMAND_ALIASES,
  FALSE_ALARM_ALIASES,
  IC_SUBCOMMAND_ALIASES,
  PRIVATE_ALIASES,
  ROLE_ALIASES,
  ROLE_REMOVE_ALIASES,
  STATUS_SUBCOMMAND_ALIASES,
  TASK_DONE_ALIASES,
} from './aliases.js';

const CJK = /[\u4e00-\u9fff]/;

/** The word people of the room's language type: the first Chinese alias in a Chinese room, the English word elsewhere. */
function word(aliases: readonly string[], locale: string): string {
  return (locale.startsWith('zh') && aliases.find((alias) => CJK.test(alias))) || aliases[0];
}

/**
 * The chat line a button stands for, in the web room and in Slack alike. A button posts exactly what a person
 * would type, in the room's language, through the same parser, rules and refusals as typing it.
 *
 * Given the room's incident, every line names it (`!note #2 …`, `!ic take #2`): the parser reads a `#N` right
 * after the command as the incident to act on, so a form's text that starts with `#1` stays text and can never
 * send the line to another incident.
 */
export function commandLine(locale: string, incidentId?: number) {
  const on = incidentId === undefined ? '' : ` #${incidentId}`;
  const word0 = (name: keyof typeof COMMAND_ALIASES) => `!${word(COMMAND_ALIASES[name], locale)}`;
  /** The command word, then the incident it acts on. */
  const c = (name: keyof typeof COMMAND_ALIASES) => `${word0(name)}${on}`;
  const ic = (name: keyof typeof IC_SUBCOMMAND_ALIASES) => `${word0('ic')} ${word(IC_SUBCOMMAND_ALIASES[name], locale)}${on}`;
  return {
    declare: (severity: number, title: string, secret = false) => `${word0('declare')} ${secret ? `${word(PRIVATE_ALIASES, locale)} ` : ''}${severity} ${title}`,
    take: () => ic('take'),
    handover: (person: string) => `${ic('handover')} ${person}`,
    // A page's id names it on its own; `!ack` reads its first `#` word as the page, not an incident.
    ack: (pageId?: string) => (pageId ? `${word0('ack')} ${pageId}` : c('ack')),
    role: (role: keyof typeof ROLE_ALIASES, person: string) => `${c('role')} ${word(ROLE_ALIASES[role], locale)} ${person}`,
    removeRole: (role: keyof typeof ROLE_ALIASES, person?: string) =>
      `${c('role')} ${word(ROLE_REMOVE_ALIASES, locale)} ${word(ROLE_ALIASES[role], locale)}${person ? ` ${person}` : ''}`,
    sev: (severity: number) => `${c('sev')} ${severity}`,
    note: (text: string) => `${c('note')} ${text}`,
    todo: (text: string) => `${c('todo')} ${text}`,
    task: (owner: string, text: string) => `${c('task')} ${owner} ${text}`,
    taskDone: (n: number) => `${c('task')} ${word(TASK_DONE_ALIASES, locale)} ${n}`,
    stalk: (on: boolean) => `${c('status')} ${word(STATUS_SUBCOMMAND_ALIASES[on ? 'stalk' : 'unstalk'], locale)}`,
    update: (text: string) => `${c('update')} ${text}`,
    public: (text: string) => `${c('public')} ${text}`,
    approve: (n: number) => `${c('approve')} ${n}`,
    /** A draft that promises a time, published all the same (`!approve 2 anyway`, `!批准 2 仍然发布`). */
    approveAnyway: (n: number) => `${c('approve')} ${n} ${word(APPROVE_ANYWAY_ALIASES, locale)}`,
    resolve: (falseAlarm = false) => (falseAlarm ? `${c('resolve')} ${word(FALSE_ALARM_ALIASES, locale)}` : c('resolve')),
    reopen: () => c('reopen'),
    /** What the palette puts in the chat box for a command: its word and a space, ready for the rest. */
    start: (name: keyof typeof COMMAND_ALIASES) => `${word0(name)} `,
  };
}
