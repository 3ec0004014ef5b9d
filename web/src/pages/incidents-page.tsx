import { useCallback, useEffect, useRef, useState } from 'react';
import { api, type IncidentSummary, type OnCall } from '../api.js';
import type { AppContext } from '../app.js';
import { formatAge, formatTime, severityNumber } from '../format.js';
import { live, useLive } from '../live.js';
import { linkHandler } from '../router.js';
import { useTranslation } from '../use-translation.js';
import { usePersonName, useNow, useFocusHeading } from './hooks.js';

function IncidentTable({ context, incidents, caption }: { context: AppContext; incidents: IncidentSummary[]; caption: string }) {
  const { t, locale } = useTranslation();
  const name = usePersonName(context);
  const now = useNow();
  return (
    <div className="table-scroll">
      <table className="incidents">
        <caption className="visually-hidden">{caption}</caption>
        <thead>
          <tr>
            <th scope="col">{t('incidents.col_incident')}</th>
            <th scope="col">{t('incidents.col_severity')}</th>
            <th scope="col">{t('incidents.col_age')}</th>
            <th scope="col">{t('incidents.col_ic')}</th>
            <th scope="col">{t('incidents.col_status')}</th>
            <th scope="col">{t('incidents.col_room')}</th>
          </tr>
        </thead>
        <tbody>
          {incidents.map((incident) => (
            <tr key={incident.id} data-incident={incident.id}>
              <th scope="row">
                <a href={`/incidents/${incident.id}`} onClick={linkHandler(`/incidents/${incident.id}`)}>
                  #{incident.id} {incident.title}
                </a>
              </th>
              <td>
                <span className={`sev sev-${severityNumber(incident.severity)}`}>{incident.severity}</span>
              </td>
              <td>
                <time dateTime={incident.declaredAt} title={formatTime(incident.declaredAt, locale)}>
                  {formatAge(t, incident.declaredAt, incident.resolvedAt ? Date.parse(incident.resolvedAt) : now)}
                </time>
              </td>
              <td>{incident.commander ? name(incident.commander) : t('oncall.nobody')}</td>
              <td>
                <span className={`state state-${incident.status}`}>{t(`room.state_${incident.status}`)}</span>
              </td>
              <td>#{incident.room}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

export function IncidentsPage({ context }: { context: AppContext }) {
  const { t } = useTranslation();
  const name = usePersonName(context);
  const [open, setOpen] = useState<IncidentSummary[]>();
  const [recent, setRecent] = useState<IncidentSummary[]>();
  const [onCall, setOnCall] = useState<OnCall>();
  const heading = useFocusHeading();
  const timer = useRef<ReturnType<typeof setTimeout>>(undefined);

  const load = useCallback(async () => {
    const [openList, recentList] = await Promise.all([
      api<{ incidents: IncidentSummary[] }>('GET', '/api/v1/incidents?status=open'),
      api<{ incidents: IncidentSummary[] }>('GET', '/api/v1/incidents?limit=20'),
    ]);
    setOpen(openList.incidents);
    setRecent(recentList.incidents);
  }, []);

  useEffect(() => {
    void live.ready().then(load);
    void api<OnCall>('GET', '/api/v1/oncall').then(setOnCall);
    return () => clearTimeout(timer.current);
  }, [load]);

  useLive((item) => {
    if (item.kind !== 'incident') return;
    clearTimeout(timer.current);
    timer.current = setTimeout(() => void load(), 200);
  });

  return (
    <main id="main" className="page">
      <h1 tabIndex={-1} ref={heading}>
        {t('incidents.open')}
      </h1>
      {onCall && (
        <p className="on-call-line">
          {t('incidents.on_call_now', {
            primary: onCall.commanders.primary.now ? name(onCall.commanders.primary.now) : t('oncall.nobody'),
            backup: onCall.commanders.backup.now ? name(onCall.commanders.backup.now) : t('oncall.nobody'),
          })}
        </p>
      )}
      {!open ? (
        <p>{t('app.loading')}</p>
      ) : open.length === 0 ? (
        <p className="calm">{t('incidents.none_open')}</p>
      ) : (
        <IncidentTable context={context} incidents={open} caption={t('incidents.caption_open')} />
      )}
      <h2>{t('incidents.recent')}</h2>
      {!recent ? (
        <p>{t('app.loading')}</p>
      ) : recent.length === 0 ? (
        <p>{t('incidents.none')}</p>
      ) : (
        <IncidentTable context={context} incidents={recent} caption={t('incidents.caption_recent')} />
      )}
    </main>
  );
}
