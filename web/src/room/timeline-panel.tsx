import { useState } from 'react';
import type { TimelineEvent } from '../api.js';
import { formatClock, formatTime } from '../format.js';
import { i18n } from '../i18n.js';
import { useTranslation } from '../use-translation.js';

type Name = (handle: string) => string;
type T = ReturnType<typeof useTranslation>['t'];

export const TIMELINE_FILTERS = ['notes', 'roles', 'communications', 'alerts', 'pages'] as const;
export type TimelineFilter = (typeof TIMELINE_FILTERS)[number];

/** Which filter an event type belongs to; the rest (declared, severity, resolved…) show only under "all". */
export function filterOf(type: string): TimelineFilter | undefined {
  const head = type.split('.')[0];
  if (['note', 'todo', 'task', 'conversation'].includes(head)) return 'notes';
  if (['commander', 'role', 'member', 'subteam'].includes(head) && type !== 'commander.paged') return 'roles';
  if (['update', 'public', 'subscriber'].includes(head)) return 'communications';
  if (['alert', 'change'].includes(head)) return 'alerts';
  if (type === 'commander.paged' || ['responders', 'page', 'service', 'noise'].includes(head)) return 'pages';
  return undefined;
}

/** The catalog key of an event's sentence: some types read differently by a field (a takeover, a false alarm). */
function sentenceKey(event: TimelineEvent): string {
  const base = `event.${event.type.replace(/[.-]/g, '_')}`;
  if (event.type === 'commander.assigned' && event.previous) return `${base}_from`;
  if (event.type === 'role.assigned' && event.previous) return `${base}_from`;
  if (event.type === 'incident.resolved' && event.falseAlarm) return `${base}_false_alarm`;
  if (event.type === 'noise.reported' && event.reason) return `${base}_reason`;
  if (event.type === 'subscriber.added') return event.group ? `${base}_group` : `${base}_person`;
  if (event.type === 'update.missed') return `${base}_${event.audience === 'public' ? 'public' : 'executive'}`;
  if (event.type === 'responders.paged' && (event.notice as { kind?: string } | undefined)?.kind === 'handover') return `${base}_handover`;
  return base;
}

function pageTarget(t: T, target: unknown, name: Name): string {
  const value = (target ?? {}) as { kind?: string; name?: string; person?: string };
  if (value.kind === 'person') return name(value.person ?? value.name ?? '');
  return t('event.target', { kind: t(`pages.kind_${value.kind ?? 'team'}`, { defaultValue: value.kind ?? '' }), name: value.name ?? '' });
}

export function describe(t: T, event: TimelineEvent, name: Name): string {
  const person = (value: unknown) => (typeof value === 'string' && value ? name(value) : t('event.nobody'));
  const list = (value: unknown) => (Array.isArray(value) && value.length ? value.map(person).join(t('pages.list_separator')) : t('event.nobody'));
  const params = {
    ...Object.fromEntries(Object.entries(event).filter(([, value]) => typeof value === 'string' || typeof value === 'number')),
    actor: event.actor === 'system' ? t('event.system') : person(event.actor),
    person: person(event.person),
    previous: person(event.previous),
    owner: person(event.owner),
    lead: person(event.lead),
    primary: person(event.primary),
    backup: person(event.backup),
    shadows: list(event.shadows),
    people: list(event.people),
    remind: person(event.remind),
    role: typeof event.role === 'string' ? t(`role.${event.role}`) : '',
    group: typeof event.group === 'string' ? event.group : '',
    target: pageTarget(t, event.target, name),
    components: Array.isArray(event.components) && event.components.length ? event.components.join(t('pages.list_separator')) : '',
    message: typeof event.message === 'string' && event.message ? event.message : t('event.no_message'),
    into: typeof event.into === 'number' ? event.into : String(event.into ?? ''),
    from: typeof event.from === 'number' ? event.from : String(event.from ?? ''),
  };
  const key = sentenceKey(event);
  return i18n.exists(key) ? t(key, params) : t('event.other', { ...params, type: event.type });
}

interface Group {
  first: TimelineEvent;
  last: TimelineEvent;
  text: string;
  count: number;
}

/** Repeats (the same sentence from consecutive events, e.g. three pages of one team) read as one row with a count. */
function grouped(events: TimelineEvent[], text: (event: TimelineEvent) => string): Group[] {
  const groups: Group[] = [];
  for (const event of events) {
    const sentence = text(event);
    const previous = groups.at(-1);
    if (previous && previous.last.type === event.type && previous.text === sentence) {
      previous.last = event;
      previous.count += 1;
    } else groups.push({ first: event, last: event, text: sentence, count: 1 });
  }
  return groups;
}

/** The incident's events as sentences, newest last; only a page of them is drawn, older pages on request. */
export function TimelinePanel({
  events,
  total,
  hasMore,
  onOlder,
  name,
}: {
  events: TimelineEvent[];
  total: number;
  hasMore: boolean;
  onOlder: () => void;
  name: Name;
}) {
  const { t, locale } = useTranslation();
  const [filter, setFilter] = useState<TimelineFilter | 'all'>('all');
  const shown = filter === 'all' ? events : events.filter((event) => filterOf(event.type) === filter);
  const groups = grouped(shown, (event) => describe(t, event, name));
  return (
    <section className="panel timeline" aria-labelledby="timeline-heading">
      <h2 id="timeline-heading">{t('room.timeline')}</h2>
      <div className="filters" role="group" aria-label={t('timeline.filters')}>
        {(['all', ...TIMELINE_FILTERS] as const).map((name) => (
          <button key={name} type="button" className="chip" aria-pressed={filter === name} onClick={() => setFilter(name)} data-filter={name}>
            {t(`timeline.filter_${name}`)}
          </button>
        ))}
      </div>
      <p className="muted" data-testid="timeline-count">
        {t('room.timeline_count', { shown: events.length, total: Math.max(total, events.length) })}
      </p>
      {hasMore && (
        <button type="button" className="link-button" onClick={onOlder}>
          {t('room.load_older')}
        </button>
      )}
      {groups.length === 0 && <p className="muted">{t('timeline.none')}</p>}
      <ol className="timeline-list">
        {groups.map((group) => (
          <li key={group.first.position} data-type={group.first.type} data-count={group.count}>
            <time dateTime={group.first.at} title={formatTime(group.first.at, locale)}>
              {formatClock(group.first.at, locale)}
            </time>{' '}
            <span>{group.text}</span>
            {group.count > 1 && (
              <span className="badge repeat" title={t('timeline.repeat_until', { at: formatClock(group.last.at, locale) })}>
                {t('timeline.repeated', { count: group.count })}
              </span>
            )}
          </li>
        ))}
      </ol>
    </section>
  );
}
