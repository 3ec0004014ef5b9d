import { ASSIGNABLE_ROLES } from '../../domain/incident/roles.js';
import type { IncidentState } from '../../domain/incident/state.js';
import { COMMAND_ALIASES } from '../../domain/language/aliases.js';
import { COMMAND_NAMES, type CommandName } from '../../domain/language/intents.js';
import { whoIsOnCall } from '../../domain/oncall/schedule.js';
import { durationLabel, labelled, listed, listedClauses, personLabel, roleLabel, t, type RenderContext } from './context.js';

export function rolesView(ctx: RenderContext, state: IncidentState): string {
  const parts = [labelled(ctx, roleLabel(ctx, 'commander'), personLabel(ctx, state.roles.commander))];
  for (const role of ASSIGNABLE_ROLES) {
    const holders = role === 'sme' ? state.roles.sme : [state.roles[role]].filter((holder): holder is string => Boolean(holder));
    parts.push(labelled(ctx, roleLabel(ctx, role), holders.length ? listed(ctx, holders.map((holder) => personLabel(ctx, holder))) : t(ctx, 'common.nobody')));
  }
  const proxies = Object.entries(state.proxies ?? {});
  if (proxies.length) {
    parts.push(t(ctx, 'roles.proxies', { proxies: listed(ctx, proxies.map(([person, proxy]) => t(ctx, 'roles.proxy', { person: personLabel(ctx, person), proxy: personLabel(ctx, proxy) }))) }));
  }
  return parts.join(' · ');
}

/** Open, resolved, or merged into the incident that carries on (a merged incident is resolved too, but that is not the news). */
export function stateLabel(ctx: RenderContext, state: Pick<IncidentState, 'status' | 'mergedInto'>): string {
  return state.mergedInto !== undefined ? t(ctx, 'status.state_merged', { into: state.mergedInto }) : t(ctx, `status.state_${state.status}`);
}

/** What `!status` shows: severity, state, age, roles, open tasks, the last update and notes. */
export function statusView(ctx: RenderContext, state: IncidentState): string {
  const lines = [
    t(ctx, 'status.headline', {
      id: state.id,
      severity: state.severity,
      status: stateLabel(ctx, state),
      age: durationLabel(ctx, state.declaredAt, state.resolvedAt ? new Date(state.resolvedAt) : ctx.now),
      title: state.title,
    }),
    rolesView(ctx, state),
  ];
  const open = state.tasks.filter((task) => !task.done);
  lines.push(
    open.length
      ? t(ctx, 'status.open_tasks', { count: open.length, tasks: listedClauses(ctx, open.map((task) => labelled(ctx, `#${task.n} ${personLabel(ctx, task.owner)}`, task.text))) })
      : t(ctx, 'status.no_open_tasks'),
  );
  lines.push(t(ctx, 'status.last_update', { ago: durationLabel(ctx, state.lastEventAt) }));
  const notes = state.notes.slice(-3);
  if (notes.length) {
    lines.push(t(ctx, 'status.last_notes'));
    for (const note of notes) lines.push(`  ${t(ctx, 'status.note_line', { n: note.n, ago: durationLabel(ctx, note.at), person: personLabel(ctx, note.by), text: note.text })}`);
  }
  if (state.todos.length) lines.push(t(ctx, 'status.todos', { count: state.todos.length }));
  lines.push(...subteamLines(ctx, state));
  if (state.absorbed.length) lines.push(t(ctx, 'status.merged_from', { incidents: listedClauses(ctx, state.absorbed.map((other) => `#${other.id} ${other.title}`)) }));
  return lines.join('\n');
}

/** Each open sub-team: its lead, the last thing noted there and its open tasks. */
function subteamLines(ctx: RenderContext, state: IncidentState): string[] {
  return state.subteams
    .filter((team) => team.open)
    .map((team) => {
      const notes = [...state.notes, ...state.todos].filter((entry) => entry.subteam === team.name).sort((a, b) => a.at.localeCompare(b.at));
      const last = notes.at(-1);
      const tasks = state.tasks.filter((task) => task.subteam === team.name && !task.done);
      return t(ctx, 'status.subteam', {
        name: team.name,
        lead: personLabel(ctx, team.lead),
        update: last ? t(ctx, 'common.aside', { text: last.text, note: durationLabel(ctx, last.at) }) : t(ctx, 'common.nobody'),
        tasks: tasks.length ? listedClauses(ctx, tasks.map((task) => labelled(ctx, `#${task.n} ${personLabel(ctx, task.owner)}`, task.text))) : '0',
      });
    });
}

export interface CommandersOnCall {
  primary?: string;
  backup?: string;
  shadows: string[];
}

export function commandersOnCall(ctx: RenderContext, at: Date): CommandersOnCall {
  const { schedules, incidentCommand } = ctx.organisation;
  const on = (name: string) => {
    const schedule = schedules.get(name);
    return schedule && whoIsOnCall(schedule, at);
  };
  return {
    primary: on(incidentCommand.primary),
    backup: on(incidentCommand.backup),
    shadows: incidentCommand.shadows.map(on).filter((person): person is string => Boolean(person)),
  };
}

export function commanderView(ctx: RenderContext, state: IncidentState | undefined): string {
  const onCall = commandersOnCall(ctx, ctx.now);
  const current =
    !state?.exists
      ? t(ctx, 'ic.no_incident')
      : state.roles.commander
        ? t(ctx, 'ic.current', { id: state.id, person: personLabel(ctx, state.roles.commander) })
        : t(ctx, 'ic.none');
  return `${current}\n${t(ctx, 'ic.on_call', { primary: personLabel(ctx, onCall.primary), backup: personLabel(ctx, onCall.backup) })}`;
}

export function helpView(ctx: RenderContext, topic?: CommandName): string {
  if (topic) {
    const aliases = listed(ctx, COMMAND_ALIASES[topic].map((alias) => `!${alias}`));
    return `${t(ctx, `usage.${topic}`)}\n${t(ctx, 'help.aliases', { aliases })}`;
  }
  const lines = [t(ctx, 'help.intro')];
  for (const name of COMMAND_NAMES) lines.push(t(ctx, `usage.${name}`));
  lines.push(t(ctx, 'help.more'));
  return lines.join('\n');
}
