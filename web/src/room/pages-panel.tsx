import type { PageRow } from '../api.js';
import { formatClock } from '../format.js';
import { useTranslation } from '../use-translation.js';

type Name = (handle: string) => string;

interface PersonPage {
  key: string;
  row: PageRow;
  channels: string[];
  level: number;
}

/** One line per page and person: by which channels, whether it is acknowledged or still escalating, and why they were paged. */
function byPerson(rows: PageRow[]): PersonPage[] {
  const pages = new Map<string, PersonPage>();
  for (const row of rows) {
    const key = `${row.pageId}/${row.person}`;
    const seen = pages.get(key);
    if (!seen) pages.set(key, { key, row, channels: [row.channel], level: row.level });
    else {
      if (!seen.channels.includes(row.channel)) seen.channels.push(row.channel);
      if (row.level > seen.level) seen.level = row.level;
    }
  }
  return [...pages.values()];
}

function target(t: ReturnType<typeof useTranslation>['t'], row: PageRow, name: Name): string {
  const what = row.target.name ?? row.target.person ?? '';
  if (row.target.kind === 'commander') return t('pages.why_commander');
  if (row.target.kind === 'person') return t('pages.why_person', { person: name(String(what)) });
  return t('pages.why_target', { kind: t(`pages.kind_${row.target.kind}`, { defaultValue: row.target.kind }), name: what });
}

export function PagesPanel({ rows, name }: { rows: PageRow[]; name: Name }) {
  const { t, locale } = useTranslation();
  const pages = byPerson(rows);
  return (
    <section className="panel pages" aria-labelledby="pages-heading">
      <h2 id="pages-heading">{t('pages.title')}</h2>
      {pages.length === 0 ? (
        <p className="muted">{t('pages.none')}</p>
      ) : (
        <ul className="plain">
          {pages.map(({ key, row, channels, level }) => (
            <li key={key} data-person={row.person} data-page-status={row.pageStatus} data-cancel-reason={row.cancelReason ?? undefined}>
              <strong>{name(row.person)}</strong>
              {row.shadow && <span className="badge">{t('pages.shadow')}</span>}{' '}
              <span className={`page-state page-${row.pageStatus}`}>
                {row.pageStatus === 'acknowledged'
                  ? t('pages.acknowledged', { person: name(row.acknowledgedBy ?? row.person), at: row.closedAt ? formatClock(row.closedAt, locale) : '' })
                  : row.pageStatus === 'cancelled' && row.cancelReason === 'commander-assigned' && row.commander
                    ? t('pages.cancelled_commander', { person: name(row.commander) })
                    : row.pageStatus === 'cancelled' && row.cancelReason === 'incident-resolved'
                      ? t('pages.cancelled_resolved')
                      : t(`pages.status_${row.pageStatus}`, { level })}
              </span>
              <br />
              <span className="muted">
                {t('pages.via', { channels: channels.map((channel) => t(`pages.channel_${channel}`, { defaultValue: channel })).join(t('pages.list_separator')) })}
                {' · '}
                {t('pages.why', { target: target(t, row, name), policy: row.policy, level })}
              </span>
              {row.error && <span className="refusal"> {t('pages.delivery_failed', { error: row.error })}</span>}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
