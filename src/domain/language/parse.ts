import { isAssignableRole, type AssignableRole } from '../incident/roles.js';
import { isSeverity, type Severity } from '../incident/severity.js';
import {
  ACK_ALL_ALIASES,
  APPROVE_ANYWAY_ALIASES,
  COMMAND_ALIASES,
  FALSE_ALARM_ALIASES,
  FORCE_ALIASES,
  IC_SUBCOMMAND_ALIASES,
  PRIVATE_ALIASES,
  SUBTEAM_CLOSE_ALIASES,
  ROLE_ALIASES,
  ROLE_REMOVE_ALIASES,
  STATUS_SUBCOMMAND_ALIASES,
  TASK_DONE_ALIASES,
  PUBLIC_TITLE_ALIASES,
  MAINTENANCE_END_ALIASES,
  ONCALL_END_ALIASES,
  ONCALL_TAKE_ALIASES,
} from './aliases.js';
import type { CommandName, Intent, ParsedLine, ParseError } from './intents.js';

export const MAX_TEXT_LENGTH = 4000;
export const MAX_TITLE_LENGTH = 200;

const CJK = /[\u3000-\u9fff\uff00-\uffef]/;

interface Head<Name extends string> {
  name: Name;
  rest: string;
}

/**
 * Finds which word of `table` the text starts with, longest alias first.
 * A Chinese alias needs no space after it (`!严重级别1`); a Latin one does (`!sev1` is not `!sev`).
 */
export function matchAlias<Name extends string>(
  text: string,
  table: Readonly<Record<Name, readonly string[]>>,
): Head<Name> | undefined {
  const lower = text.toLowerCase();
  let best: { name: Name; alias: string } | undefined;
  for (const name of Object.keys(table) as Name[]) {
    for (const alias of table[name]) {
      if (!lower.startsWith(alias)) continue;
      const after = text.charAt(alias.length);
      const boundary = after === '' || /\s/.test(after) || CJK.test(alias);
      if (boundary && (!best || alias.length > best.alias.length)) best = { name, alias };
    }
  }
  return best && { name: best.name, rest: text.slice(best.alias.length).trim() };
}

function invalid(code: string, usage?: CommandName, params?: ParseError['params'], suggest?: ParseError['suggest']): ParsedLine {
  return { kind: 'invalid', error: { code, usage, params, ...(suggest ? { suggest } : {}) } };
}

/** Every word of an alias table, for "did you mean". */
function wordsOf(table: Readonly<Record<string, readonly string[]>>): string[] {
  return Object.values(table).flat();
}

function unknownSubcommand(usage: CommandName, given: string, table: Readonly<Record<string, readonly string[]>>): ParsedLine {
  return invalid('parse.unknown_subcommand', usage, { given }, { given, among: wordsOf(table) });
}

function command(intent: Intent): ParsedLine {
  return { kind: 'command', intent };
}

function firstWord(text: string): [string, string] {
  const match = /^(\S+)\s*([\s\S]*)$/.exec(text);
  return match ? [match[1], match[2].trim()] : ['', ''];
}

function parseSeverity(word: string): Severity | 'invalid' | 'missing' {
  if (!word) return 'missing';
  const match = /^(?:sev-?)?(\d+)$/i.exec(word);
  if (!match) return 'invalid';
  const value = Number(match[1]);
  return isSeverity(value) ? value : 'invalid';
}

function parseNumber(word: string): number | undefined {
  const match = /^#?(\d{1,6})$/.exec(word);
  return match ? Number(match[1]) : undefined;
}

function person(word: string): string {
  return word.replace(/^@/, '');
}

function requireText(name: CommandName, text: string, build: (text: string) => Intent): ParsedLine {
  if (!text) return invalid('parse.missing_text', name);
  if (text.length > MAX_TEXT_LENGTH) return invalid('parse.too_long', name, { max: MAX_TEXT_LENGTH });
  return command(build(text));
}

function roleOf(word: string): AssignableRole | undefined {
  const head = matchAlias(word, ROLE_ALIASES);
  return head && !head.rest ? head.name : isAssignableRole(word) ? word : undefined;
}

function parseDeclare(text: string): ParsedLine {
  const privately = matchAlias(text, { private: PRIVATE_ALIASES });
  const rest = privately ? privately.rest : text;
  const [word, title] = firstWord(rest);
  const severity = parseSeverity(word);
  if (severity === 'missing') return invalid('parse.missing_severity', 'declare');
  if (severity === 'invalid') return invalid('parse.bad_severity', 'declare', { given: word });
  if (!title) return invalid('parse.missing_title', 'declare');
  if (title.length > MAX_TITLE_LENGTH) return invalid('parse.too_long', 'declare', { max: MAX_TITLE_LENGTH });
  return command({ kind: 'declare', severity, title, ...(privately ? { private: true } : {}) });
}

function parseSubteam(rest: string): ParsedLine {
  const close = matchAlias(rest, { close: SUBTEAM_CLOSE_ALIASES });
  if (close) {
    const [name, extra] = firstWord(close.rest);
    if (!name) return invalid('parse.missing_subteam', 'subteam');
    if (extra) return invalid('parse.unexpected_words', 'subteam', { given: extra });
    return command({ kind: 'subteam-close', name });
  }
  const [first, afterFirst] = firstWord(rest);
  const [second, extra] = firstWord(afterFirst);
  if (!first) return invalid('parse.missing_person', 'subteam');
  if (extra) return invalid('parse.unexpected_words', 'subteam', { given: extra });
  // `!subteam dave` names the next free sub-team (Alpha, Bravo, …); `!subteam db dave` names it.
  return command(second ? { kind: 'subteam', name: first, lead: person(second) } : { kind: 'subteam', lead: person(first) });
}

function parseMerge(rest: string): ParsedLine {
  const [word, extra] = firstWord(rest);
  const other = parseNumber(word);
  if (!word) return invalid('parse.missing_number', 'merge');
  if (other === undefined) return invalid('parse.bad_target', 'merge', { given: word });
  if (extra) return invalid('parse.unexpected_words', 'merge', { given: extra });
  return command({ kind: 'merge', other });
}

/** Commands whose first `#N` is their own argument (a draft, a page, the incident to merge), not the incident to act on. */
const OWN_NUMBER_FIRST: ReadonlySet<CommandName> = new Set(['approve', 'ack', 'merge', 'declare', 'help']);

/**
 * `!note #7 …`, `!sev #7 1`, `!ic page #7 …`: a `#` word right after the
 * command (or its sub-command) names the incident to act on, in any room.
 */
function takeTarget(name: CommandName, rest: string): { target?: number; rest: string } | ParsedLine {
  let [word, after] = firstWord(rest);
  let prefix = '';
  if (name === 'ic') {
    const sub = matchAlias(rest, IC_SUBCOMMAND_ALIASES);
    if (sub && sub.rest.startsWith('#')) {
      prefix = rest.slice(0, rest.length - sub.rest.length).trim();
      [word, after] = firstWord(sub.rest);
    }
  }
  if (!word.startsWith('#')) return { rest };
  if (OWN_NUMBER_FIRST.has(name) && !(name === 'approve' && after && !isAnyway(after))) return { rest };
  const target = parseNumber(word);
  if (target === undefined) return invalid('parse.bad_target', name, { given: word });
  return { target, rest: [prefix, after].filter(Boolean).join(' ') };
}

function parseIc(rest: string): ParsedLine {
  if (!rest) return command({ kind: 'ic' });
  const sub = matchAlias(rest, IC_SUBCOMMAND_ALIASES);
  if (!sub) return unknownSubcommand('ic', firstWord(rest)[0], IC_SUBCOMMAND_ALIASES);
  switch (sub.name) {
    case 'page':
      if (sub.rest.length > MAX_TEXT_LENGTH) return invalid('parse.too_long', 'ic', { max: MAX_TEXT_LENGTH });
      return command({ kind: 'ic-page', words: sub.rest });
    case 'take': {
      if (!sub.rest) return command({ kind: 'ic-take' });
      const force = matchAlias(sub.rest, { force: FORCE_ALIASES });
      if (!force) return invalid('parse.unexpected_words', 'ic', { given: sub.rest });
      if (!force.rest) return invalid('parse.missing_reason', 'ic');
      if (force.rest.length > MAX_TEXT_LENGTH) return invalid('parse.too_long', 'ic', { max: MAX_TEXT_LENGTH });
      return command({ kind: 'ic-take', force: force.rest });
    }
    case 'responders':
      return noArguments('ic', sub.rest, { kind: 'ic-responders' });
    case 'handover':
    case 'who':
    case 'why':
      // A person is a handle, `@handle` or a full name: `!ic handover Dave Davies`.
      if (!sub.rest) return invalid('parse.missing_person', 'ic');
      return command({ kind: `ic-${sub.name}`, person: person(sub.rest) });
  }
}

function parseRole(rest: string): ParsedLine {
  const remove = matchAlias(rest, { remove: ROLE_REMOVE_ALIASES });
  if (remove) {
    const [word, who] = firstWord(remove.rest);
    if (!word) return invalid('parse.missing_role', 'role');
    const role = roleOf(word);
    if (!role) return invalid('parse.unknown_role', 'role', { given: word });
    return command({ kind: 'role-remove', role, ...(who ? { person: person(who) } : {}) });
  }
  const words = rest.split(/\s+/).filter(Boolean);
  if (words.length === 0) return invalid('parse.missing_role', 'role');
  // People type both `!role scribe carol` and `!role carol scribe`, and full names: `!role scribe Dave Davies`.
  const leading = roleOf(words[0]);
  const trailing = words.length > 1 ? roleOf(words[words.length - 1]) : undefined;
  const role = leading ?? trailing;
  if (!role) return invalid('parse.unknown_role', 'role', { given: words[0] });
  const who = (leading ? words.slice(1) : words.slice(0, -1)).join(' ');
  if (!who) return invalid('parse.missing_person', 'role');
  if (who.split(' ').some((word) => roleOf(word))) return invalid('parse.unexpected_words', 'role', { given: who });
  return command({ kind: 'role', role, person: person(who) });
}

function parseStatus(rest: string): ParsedLine {
  if (!rest) return command({ kind: 'status' });
  const sub = matchAlias(rest, STATUS_SUBCOMMAND_ALIASES);
  if (!sub) return unknownSubcommand('status', firstWord(rest)[0], STATUS_SUBCOMMAND_ALIASES);
  if (sub.rest) return invalid('parse.unexpected_words', 'status', { given: sub.rest });
  return command({ kind: sub.name === 'stalk' ? 'status-stalk' : 'status-unstalk' });
}

function parseTask(rest: string): ParsedLine {
  const done = matchAlias(rest, { done: TASK_DONE_ALIASES });
  if (done) {
    const n = parseNumber(done.rest);
    if (n === undefined) return invalid('parse.missing_number', 'task');
    return command({ kind: 'task-done', n });
  }
  const [owner, text] = firstWord(rest);
  if (!owner) return invalid('parse.missing_person', 'task');
  return requireText('task', text, (text) => ({ kind: 'task', owner: person(owner), text }));
}

const isAnyway = (words: string): boolean => matchAlias(words, { anyway: APPROVE_ANYWAY_ALIASES })?.rest === '';

/** `!approve 2`, or `!approve 2 anyway` for a draft that promises a time. */
function parseNumbered(name: 'approve', rest: string): ParsedLine {
  const [word, after] = firstWord(rest);
  const n = parseNumber(word);
  if (n === undefined) return invalid('parse.missing_number', name);
  if (!after) return command({ kind: name, n });
  if (!isAnyway(after)) return invalid('parse.unexpected_words', name, { given: after });
  return command({ kind: name, n, anyway: true });
}

/** `!maintenance <components> <from> <to> <text>`, `!maintenance end <id>`, or the list. Times are checked later, in the author's zone. */
function parseMaintenance(rest: string): ParsedLine {
  if (!rest) return command({ kind: 'maintenance-list' });
  const end = matchAlias(rest, { end: MAINTENANCE_END_ALIASES });
  if (end) {
    const id = parseNumber(end.rest);
    return id === undefined ? invalid('parse.missing_number', 'maintenance') : command({ kind: 'maintenance-end', id });
  }
  const bracket = /^[[【]([^\]】]{1,200})[\]】]\s*([\s\S]*)$/.exec(rest);
  const [list, afterList] = bracket ? [bracket[1], bracket[2]] : firstWord(rest);
  const components = list.split(/[,，、\s]+/).map((name) => name.trim().toLowerCase()).filter(Boolean);
  const [from, afterFrom] = firstWord(afterList);
  const [to, text] = firstWord(afterFrom);
  if (!from || !to) return invalid('parse.maintenance_times', 'maintenance');
  return requireText('maintenance', text, (text) => ({ kind: 'maintenance', components, from, to, text }));
}

/** A shift's length, its unit written next to the number: `30m`, `2h`, `1d`, `30分钟`, `2小时`, `1天`. */
const DURATION = /^(\d{1,5})(m|min|h|d|分钟|小时|天)$/i;
const MINUTES_PER: Readonly<Record<string, number>> = { m: 1, min: 1, h: 60, d: 1440, 分钟: 1, 小时: 60, 天: 1440 };

function parseOncall(rest: string): ParsedLine {
  if (!rest) return command({ kind: 'oncall' });
  const end = matchAlias(rest, { end: ONCALL_END_ALIASES });
  if (end) {
    const [schedule, extra] = firstWord(end.rest);
    if (!schedule) return invalid('parse.oncall_end', 'oncall');
    return extra ? invalid('parse.unexpected_words', 'oncall', { given: extra }) : command({ kind: 'oncall-end', schedule });
  }
  const take = matchAlias(rest, { take: ONCALL_TAKE_ALIASES });
  if (!take) return invalid('parse.unknown_subcommand', 'oncall', { given: firstWord(rest)[0] });
  const [schedule, afterSchedule] = firstWord(take.rest);
  const [length, extra] = firstWord(afterSchedule);
  if (!schedule || !length) return invalid('parse.oncall_take', 'oncall');
  const duration = DURATION.exec(length);
  if (!duration || Number(duration[1]) === 0) return invalid('parse.bad_duration', 'oncall', { given: length });
  if (extra) return invalid('parse.unexpected_words', 'oncall', { given: extra });
  return command({ kind: 'oncall-take', schedule, minutes: Number(duration[1]) * MINUTES_PER[duration[2].toLowerCase()] });
}

function noArguments(name: CommandName, rest: string, intent: Intent): ParsedLine {
  return rest ? invalid('parse.unexpected_words', name, { given: rest }) : command(intent);
}

/**
 * The one parser of the command language. Lines not starting with `!` (or the
 * full-width `！`) are conversation; commands accept English and Chinese words.
 */
export function parseLine(raw: string): ParsedLine {
  const text = raw.trim();
  if (!text) return invalid('parse.empty');
  if (!/^[!！]/.test(text)) {
    if (text.length > MAX_TEXT_LENGTH) return invalid('parse.too_long', undefined, { max: MAX_TEXT_LENGTH });
    return { kind: 'conversation', text };
  }
  const body = text.slice(1).trim();
  const head = matchAlias(body, COMMAND_ALIASES);
  if (!head) {
    const given = firstWord(body)[0] || '!';
    // No "correct form" line: the message already says to type !help, and names the command meant.
    return invalid('parse.unknown_command', undefined, { given }, { given, among: wordsOf(COMMAND_ALIASES) });
  }
  const targeted = takeTarget(head.name, head.rest);
  if ('kind' in targeted) return targeted;
  const parsed = parseCommand(head.name, targeted.rest);
  // "Did you mean" for a subcommand repeats the command as it was typed (`!ic`, `!指挥官`).
  if (parsed.kind === 'invalid' && parsed.error.suggest) parsed.error.suggest.prefix = body.slice(0, body.length - head.rest.length).trim();
  return parsed.kind === 'command' && targeted.target !== undefined ? { ...parsed, target: targeted.target } : parsed;
}

function parseCommand(name: CommandName, rest: string): ParsedLine {
  switch (name) {
    case 'declare':
      return parseDeclare(rest);
    case 'ic':
      return parseIc(rest);
    case 'role':
      return parseRole(rest);
    case 'roles':
      return noArguments('roles', rest, { kind: 'roles' });
    case 'proxy':
      if (!rest) return invalid('parse.missing_person', 'proxy');
      return command({ kind: 'proxy', person: person(rest) });
    case 'page': {
      // `!page <team|service|person> [message]`: the first word says whom; the rest is for them.
      const [target, message] = firstWord(rest);
      if (!target) return invalid('parse.missing_page_target', 'page');
      if (message.length > MAX_TEXT_LENGTH) return invalid('parse.too_long', 'page', { max: MAX_TEXT_LENGTH });
      return command({ kind: 'page', target: person(target), message });
    }
    case 'sev': {
      const severity = parseSeverity(firstWord(rest)[0]);
      if (severity === 'missing') return invalid('parse.missing_severity', 'sev');
      const [first, more] = firstWord(rest);
      // `!sev 6 1`: an incident's number and then its severity, without the `#` that names an incident.
      const named = parseSeverity(more);
      if (/^\d+$/.test(first) && typeof named === 'number') return invalid('parse.severity_of_incident', 'sev', { given: rest, id: Number(first), severity: named });
      if (severity === 'invalid' || more) return invalid('parse.bad_severity', 'sev', { given: rest });
      return command({ kind: 'sev', severity });
    }
    case 'status':
      return parseStatus(rest);
    case 'note':
      return requireText('note', rest, (text) => ({ kind: 'note', text }));
    case 'todo':
      return requireText('todo', rest, (text) => ({ kind: 'todo', text }));
    case 'noise':
      if (rest.length > MAX_TEXT_LENGTH) return invalid('parse.too_long', 'noise', { max: MAX_TEXT_LENGTH });
      return command(rest ? { kind: 'noise', reason: rest } : { kind: 'noise' });
    case 'task':
      return parseTask(rest);
    case 'update':
      return requireText('update', rest, (text) => ({ kind: 'update', text }));
    case 'public': {
      const title = matchAlias(rest, { title: PUBLIC_TITLE_ALIASES });
      if (!title) return requireText('public', rest, (text) => ({ kind: 'public', text }));
      if (!title.rest) return invalid('parse.missing_title', 'public');
      if (title.rest.length > MAX_TITLE_LENGTH) return invalid('parse.too_long', 'public', { max: MAX_TITLE_LENGTH });
      return command({ kind: 'public-title', title: title.rest });
    }
    case 'approve':
      return parseNumbered('approve', rest);
    case 'subscribe':
      if (!rest) return invalid('parse.missing_target', 'subscribe');
      return command({ kind: 'subscribe', target: person(rest) });
    case 'ack':
      if (matchAlias(rest, { all: ACK_ALL_ALIASES })?.rest === '') return command({ kind: 'ack', all: true });
      return command({ kind: 'ack', page: rest || undefined });
    case 'invite': {
      if (!rest) return invalid('parse.missing_person', 'invite');
      return command({ kind: 'invite', person: person(rest) });
    }
    case 'resolve': {
      const falseAlarm = matchAlias(rest, { falseAlarm: FALSE_ALARM_ALIASES });
      if (falseAlarm && !falseAlarm.rest) return command({ kind: 'resolve', falseAlarm: true });
      return noArguments('resolve', rest, { kind: 'resolve' });
    }
    case 'reopen':
      return noArguments('reopen', rest, { kind: 'reopen' });
    case 'oncall':
      return parseOncall(rest);
    case 'maintenance':
      return parseMaintenance(rest);
    case 'subteam':
      return parseSubteam(rest);
    case 'merge':
      return parseMerge(rest);
    case 'help': {
      if (!rest) return command({ kind: 'help' });
      const topic = matchAlias(rest.replace(/^[!！]/, ''), COMMAND_ALIASES);
      if (!topic) return invalid('parse.unknown_help_topic', 'help', { given: rest });
      return command({ kind: 'help', topic: topic.name });
    }
  }
}
