import { useEffect, useState } from 'react';
import { api, type OnCall, type OnCallEntry } from '../api.js';
import type { AppContext } from '../app.js';
import { formatTime } from '../format.js';
import { useTranslation } from '../use-translation.js';
import { useFocusHeading, usePersonName } from './hooks.js';

function Row({ label, entry, context }: { label: string; entry: OnCallEntry; context: AppContext }) {
  const { t, locale } = useTranslation();
  const name = usePersonName(context);
  return (
    <tr>
      <th scope="row">
        {label}
        {entry.schedule && <span className="muted"> · {entry.schedule}</span>}
      </th>
      <td>{entry.now ? name(entry.now) : t('oncall.nobody')}</td>
      <td>
        {entry.next ? (
          <>
            {t('oncall.next', { person: entry.next.person ? name(entry.next.person) : t('oncall.nobody'), at: formatTime(entry.next.at, locale) })}
          </>
        ) : (
          t('oncall.no_next')
        )}
      </td>
    </tr>
  );
}

function Head() {
  const { t } = useTranslation();
  return (
    <thead>
      <tr>
        <th scope="col">{t('oncall.col_rotation')}</th>
        <th scope="col">{t('oncall.col_now')}</th>
        <th scope="col">{t('oncall.col_next')}</th>
      </tr>
    </thead>
  );
}

export function OnCallPage({ context }: { context: AppContext }) {
  const { t } = useTranslation();
  const heading = useFocusHeading();
  const [onCall, setOnCall] = useState<OnCall>();
  useEffect(() => {
    void api<OnCall>('GET', '/api/v1/oncall').then(setOnCall);
  }, []);
  return (
    <main id="main" className="page">
      <h1 tabIndex={-1} ref={heading}>
        {t('oncall.title')}
      </h1>
      {!onCall ? (
        <p>{t('app.loading')}</p>
      ) : (
        <>
          <h2>{t('oncall.commanders')}</h2>
          <div className="table-scroll">
            <table className="oncall">
              <Head />
              <tbody>
                <Row label={t('oncall.primary')} entry={onCall.commanders.primary} context={context} />
                <Row label={t('oncall.backup')} entry={onCall.commanders.backup} context={context} />
                {onCall.commanders.shadows.map((shadow, index) => (
                  <Row key={index} label={t('oncall.shadow')} entry={shadow} context={context} />
                ))}
              </tbody>
            </table>
          </div>
          <h2>{t('oncall.teams')}</h2>
          <div className="table-scroll">
            <table className="oncall">
              <Head />
              <tbody>
                {onCall.teams.map((team) => (
                  <Row key={team.team} label={team.team} entry={team} context={context} />
                ))}
              </tbody>
            </table>
          </div>
        </>
      )}
    </main>
  );
}
