import type { IncidentEvent } from '../../domain/incident/events.js';
import type { IncidentState } from '../../domain/incident/state.js';
import { ROLES } from '../../domain/incident/roles.js';
import { REVIEW_SECTIONS, type ReviewState } from '../../domain/review/review.js';
import { targetLabel } from '../paging/paged-reply.js';
import { durationLabel, labelled, listed, personLabel, roleLabel, t, utcLabel, type RenderContext } from '../render/context.js';

/** Markdown text typed by people goes into lists and tables: keep it on one line and free of table breaks. */
function inline(text: string): string {
  return text.replace(/\s*\n\s*/g, ' ').replace(/\|/g, '\\|');
}

function who(ctx: RenderContext, handle: string): string {
  return handle === 'system' ? t(ctx, 'review.md.system') : personLabel(ctx, handle);
}

/** One line of the review's timeline for an event worth a line; undefined for chatter and machinery. */
export function timelineLine(ctx: RenderContext, event: IncidentEvent): string | undefined {
  switch (event.type) {
    case 'incident.declared':
      return t(ctx, 'review.timeline.declared', { severity: event.severity, title: inline(event.title) });
    case 'commander.assigned':
      return event.forced
        ? t(ctx, 'review.timeline.commander_forced', { person: personLabel(ctx, event.person), previous: personLabel(ctx, event.previous), reason: inline(event.forced.reason) })
        : t(ctx, 'review.timeline.commander', { person: personLabel(ctx, event.person) });
    case 'role.assigned':
      return t(ctx, 'review.timeline.role', { person: personLabel(ctx, event.person), role: roleLabel(ctx, event.role) });
    case 'role.removed':
      return t(ctx, 'review.timeline.role_removed', { person: personLabel(ctx, event.person), role: roleLabel(ctx, event.role) });
    case 'responders.paged':
      return event.notice?.kind === 'handover'
        ? t(ctx, 'review.timeline.handover_paged', { target: targetLabel(ctx, event.target) })
        : t(ctx, 'review.timeline.responders_paged', { target: targetLabel(ctx, event.target), message: inline(event.message) });
    case 'responders.reached':
      return t(ctx, 'review.timeline.reached', { people: listed(ctx, event.people.map((person) => personLabel(ctx, person))) });
    case 'incident.merged':
      return t(ctx, 'review.timeline.merged', { into: event.into });
    case 'incident.absorbed':
      return t(ctx, 'review.timeline.absorbed', { from: event.from, title: inline(event.title) });
    case 'subteam.opened':
      return t(ctx, 'review.timeline.subteam_opened', { name: event.name, lead: personLabel(ctx, event.lead) });
    case 'subteam.closed':
      return t(ctx, 'review.timeline.subteam_closed', { name: event.name });
    case 'severity.changed':
      return t(ctx, 'review.timeline.severity', { from: event.from, to: event.to });
    case 'note.added':
      return t(ctx, 'review.timeline.note', { n: event.n, text: inline(event.text) });
    case 'todo.added':
      return t(ctx, 'review.timeline.todo', { n: event.n, text: inline(event.text) });
    case 'noise.reported':
      return event.reason
        ? t(ctx, 'review.timeline.noise_reason', { person: personLabel(ctx, event.actor), reason: inline(event.reason) })
        : t(ctx, 'review.timeline.noise', { person: personLabel(ctx, event.actor) });
    case 'task.assigned':
      return t(ctx, 'review.timeline.task', { n: event.n, owner: personLabel(ctx, event.owner), text: inline(event.text) });
    case 'task.completed':
      return event.movedTo === undefined ? t(ctx, 'review.timeline.task_done', { n: event.n }) : t(ctx, 'review.timeline.task_moved', { n: event.n, todo: event.movedTo });
    case 'commander.paged':
      return t(ctx, 'review.timeline.paged', { primary: personLabel(ctx, event.primary), backup: personLabel(ctx, event.backup) });
    case 'incident.resolved':
      return t(ctx, event.falseAlarm ? 'review.timeline.false_alarm' : 'review.timeline.resolved');
    case 'incident.reopened':
      return t(ctx, 'review.timeline.reopened');
    case 'update.posted':
      return t(ctx, 'review.timeline.update', { n: event.n, text: inline(event.text) });
    case 'update.missed':
      return t(ctx, event.audience === 'executive' ? 'review.timeline.update_missed' : 'review.timeline.public_missed', { person: personLabel(ctx, event.remind) });
    case 'public.published':
      return t(ctx, 'review.timeline.published', { n: event.n, text: inline(event.text) });
    case 'subscriber.added':
      return t(ctx, 'review.timeline.subscribed', { who: event.group ? (ctx.organisation.comms.stakeholders.get(event.group)?.name ?? event.group) : personLabel(ctx, event.person) });
    default:
      return undefined;
  }
}

/** Two parts of a line side by side: a space between them, except where full-width brackets already part them (“（截止日期：…）”). */
function spaced(left: string, right: string): string {
  return /[（）]$/.test(left) || /^[（）]/.test(right) ? left + right : `${left} ${right}`;
}

function section(ctx: RenderContext, heading: string, body: string): string {
  return `## ${heading}\n\n${body.trim() || `_${t(ctx, 'review.md.to_write')}_`}\n`;
}

/** The review as Markdown: what the meeting reads, and what is archived after it. */
/** A page acknowledged, from its own stream: when someone answered is what time-to-acknowledge is read from. */
export interface Acknowledgement {
  readonly pageId: string;
  readonly person: string;
  readonly at: string;
}

/** The summary made from the incident, for a review whose Summary nobody wrote yet. */
export function generatedSummary(ctx: RenderContext, review: ReviewState, incident: IncidentState): string {
  return t(ctx, 'review.md.auto_summary', {
    severity: review.severity,
    title: inline(incident.title),
    declared: utcLabel(incident.declaredAt),
    by: personLabel(ctx, incident.declaredBy),
    duration: incident.resolvedAt ? durationLabel(ctx, incident.declaredAt, new Date(incident.resolvedAt)) : '—',
  });
}

/**
 * The review's timeline in order: the events worth a line, the pages' acknowledgements and the review's
 * reopenings. A closed review is the record as it was closed: later events (a late note) do not rewrite it.
 * Lines are Markdown table cells (`|` escaped).
 */
export function timelineRows(
  ctx: RenderContext,
  review: ReviewState,
  all: readonly IncidentEvent[],
  acknowledgements: readonly Acknowledgement[] = [],
): { at: string; actor: string; line: string }[] {
  const events = review.closedAt ? all.filter((event) => event.at <= review.closedAt!) : all;
  const reopenings = review.reopenings.map((reopening) => ({ at: reopening.at, actor: reopening.actor, line: inline(t(ctx, 'review.timeline.review_reopened', { reason: reopening.reason })) }));
  const acks = acknowledgements
    .filter((ack) => !review.closedAt || ack.at <= review.closedAt)
    .map((ack) => ({ at: ack.at, actor: ack.person, line: t(ctx, 'review.timeline.acknowledged', { page: ack.pageId }) }));
  return [...events.map((event) => ({ at: event.at, actor: event.actor, line: timelineLine(ctx, event) })), ...acks, ...reopenings]
    .map((row, index) => ({ ...row, index }))
    .filter((row): row is { at: string; actor: string; line: string; index: number } => row.line !== undefined)
    .sort((a, b) => (a.at === b.at ? a.index - b.index : a.at < b.at ? -1 : 1))
    .map(({ at, actor, line }) => ({ at, actor, line }));
}

export function reviewMarkdown(ctx: RenderContext, review: ReviewState, incident: IncidentState, all: readonly IncidentEvent[], acknowledgements: readonly Acknowledgement[] = []): string {
  // A closed review is the record as it was closed: later events (a late note) do not rewrite it.
  const events = review.closedAt ? all.filter((event) => event.at <= review.closedAt!) : all;
  const out: string[] = [];
  out.push(`# ${t(ctx, 'review.md.title', { id: incident.id, title: inline(incident.title) })}\n`);
  out.push(
    [
      `- ${labelled(ctx, t(ctx, 'review.md.tag'), `\`${review.tag}\``)}`,
      `- ${labelled(ctx, t(ctx, 'review.md.status'), t(ctx, `review.status.${review.status}`))}`,
      `- ${labelled(ctx, t(ctx, 'review.md.owner'), personLabel(ctx, review.owner))}`,
      `- ${labelled(ctx, t(ctx, 'review.md.due'), utcLabel(review.dueAt))}`,
      `- ${labelled(ctx, t(ctx, 'review.md.severity'), review.falseAlarm ? t(ctx, 'common.aside', { text: `SEV-${review.severity}`, note: t(ctx, 'review.md.false_alarm') }) : `SEV-${review.severity}`)}`,
      `- ${labelled(ctx, t(ctx, 'review.md.declared'), utcLabel(incident.declaredAt))} · ${labelled(ctx, t(ctx, 'review.md.resolved'), incident.resolvedAt ? t(ctx, 'common.aside', { text: utcLabel(incident.resolvedAt), note: durationLabel(ctx, incident.declaredAt, new Date(incident.resolvedAt)) }) : '—')}`,
    ].join('\n') + '\n',
  );
  const summary = review.sections.summary || generatedSummary(ctx, review, incident);
  out.push(section(ctx, t(ctx, 'review.section.summary'), summary));

  const holders = new Map<string, string[]>();
  for (const event of events) {
    const entry = event.type === 'commander.assigned' ? ['commander', event.person] : event.type === 'role.assigned' ? [event.role, event.person] : undefined;
    if (!entry) continue;
    const list = holders.get(entry[0]) ?? [];
    // Experts are listed once each; a one-holder role keeps every hand-over, returns included, so its last name holds it at the end.
    if (entry[0] === 'sme' ? !list.includes(entry[1]) : list.at(-1) !== entry[1]) list.push(entry[1]);
    holders.set(entry[0], list);
  }
  // One holder at a time passes a role on (→); subject matter experts serve side by side.
  const roles = ROLES.filter((role) => holders.has(role)).map((role) => {
    const people = holders.get(role)!.map((handle) => personLabel(ctx, handle));
    return `- ${labelled(ctx, roleLabel(ctx, role), role === 'sme' ? listed(ctx, people) : people.join(' → '))}`;
  });
  out.push(section(ctx, t(ctx, 'review.md.roles'), roles.join('\n')));

  const rows = timelineRows(ctx, review, all, acknowledgements).map(({ at, actor, line }) => `| ${utcLabel(at)} | ${inline(who(ctx, actor))} | ${line} |`);
  out.push(section(ctx, t(ctx, 'review.section.timeline'), [`| ${t(ctx, 'review.md.time')} | ${t(ctx, 'review.md.who')} | ${t(ctx, 'review.md.what')} |`, '|---|---|---|', ...rows].join('\n')));

  for (const key of REVIEW_SECTIONS.filter((name) => name !== 'summary')) {
    out.push(section(ctx, t(ctx, `review.section.${key}`), review.sections[key]));
  }
  const items = review.actionItems.map((item) =>
    [`- [${item.done ? 'x' : ' '}] ${inline(item.text)}`, item.owner && `(${personLabel(ctx, item.owner)})`, item.due && t(ctx, 'review.md.item_due', { date: item.due }), `\`${item.tag}\``]
      .filter((part): part is string => Boolean(part))
      .reduce(spaced),
  );
  out.push(section(ctx, t(ctx, 'review.section.actionItems'), items.join('\n')));
  return out.join('\n');
}
