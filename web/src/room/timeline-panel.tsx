import type { TimelineEvent } from '../api.js';
import { formatTime } from '../format.js';
import { i18n } from '../i18n.js';
import { useTranslation } from '../use-translation.js';

type Name = (handle: string) => string;

function describe(t: ReturnType<typeof useTranslation>['t'], event: TimelineEvent, name: Name): string {
  const key = `event.${event.type.replace(/\./g, '_')}`;
  const person = (value: unknown) => (typeof value === 'string' ? name(value) : '');
  const params = {
    ...Object.fromEntries(Object.entries(event).filter(([, value]) => typeof value === 'string' || typeof value === 'number')),
    actor: person(event.actor),
    person: person(event.person),
    owner: person(event.owner),
    role: typeof event.role === 'string' ? t(`role.${event.role}`) : '',
  };
  return i18n.exists(key) ? t(key, params) : t('event.other', params);
}

/** The incident's events, newest last; only a page of them is drawn, older pages on request. */
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
  return (
    <section className="panel timeline" aria-labelledby="timeline-heading">
      <h2 id="timeline-heading">{t('room.timeline')}</h2>
      <p className="muted" data-testid="timeline-count">
        {t('room.timeline_count', { shown: events.length, total: Math.max(total, events.length) })}
      </p>
      {hasMore && (
        <button type="button" className="link-button" onClick={onOlder}>
          {t('room.load_older')}
        </button>
      )}
      <ol className="timeline-list">
        {events.map((event) => (
          <li key={event.position} data-type={event.type}>
            <time dateTime={event.at}>{formatTime(event.at, locale)}</time> <span>{describe(t, event, name)}</span>
          </li>
        ))}
      </ol>
    </section>
  );
}
