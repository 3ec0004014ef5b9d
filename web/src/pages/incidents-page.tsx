import { useCallback, useEffect, useRef, useState } from 'react';
import { roomDisplayName } from '../../../src/domain/incident/rooms.js';
import { api, type IncidentListRow, type OnCall } from '../api.js';
import type { AppContext } from '../app.js';
import { formatAge, formatTime, severityNumber } from '../format.js';
import { live, useLive } from '../live.js';
import { linkHandler } from '../router.js';
import { useTranslation } from '../use-translation.js';
import { usePersonName, useNow, useFocusHeading } from './hooks.js';

interface Filters {
  open: boolean;
  mine: boolean;
  /** Show incidents at this severity or worse; 5 shows all. */
  severity: number;
}

const STORED = 'dont-panic.incident-filters';

function storedFilters(): Filters {
  try {
    const parsed = JSON.parse(localStorage.getItem(STORED) ?? '{}') as Partial<Filters>;
    return { open: parsed.open === true, mine: parsed.mine === true, severity: Number(parsed.severity) >= 1 && Number(parsed.severity) <= 5 ? Number(parsed.severity) : 5 };
  } catch {
    return { open: false, mine: false, severity: 5 };
  }
}

function IncidentTable({ context, incidents, caption }: { context: AppContext; incidents: IncidentListRow[]; caption: string }) {
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
            <th scope="col">{t('incidents.col_peak')}</th>
            <th scope="col">{t('incidents.col_duration')}</th>
            <th scope="col">{t('incidents.col_ic')}</th>
            <th scope="col">{t('incidents.col_status')}</th>
          </tr>
        </thead>
        <tbody>
          {incidents.map((incident) => (
            <tr key={incident.id} data-incident={incident.id} data-mine={incident.mine || undefined}>
              <th scope="row">
                <a href={`/incidents/${incident.id}`} onClick={linkHandler(`/incidents/${incident.id}`)}>
                  #{incident.id} {incident.title}
                </a>
                {incident.private && <span className="badge private">{t('incidents.private')}</span>}
                {incident.falseAlarm && <span className="badge false-alarm">{t('incidents.false_alarm')}</span>}
                <br />
                <span className="muted">{roomDisplayName(incident.room, incident.title)}</span>
              </th>
              <td data-label={t('incidents.col_peak')}>
                <span className={`sev sev-${severityNumber(incident.peakSeverity)}`} data-peak={incident.peakSeverity}>
                  {incident.peakSeverity}
                </span>
                {incident.peakSeverity !== incident.severity && <span className="muted now-sev"> {t('incidents.now_sev', { severity: incident.severity })}</span>}
              </td>
              <td data-label={t('incidents.col_duration')}>
                <time dateTime={incident.declaredAt} title={formatTime(incident.declaredAt, locale)} data-testid="age">
                  {incident.resolvedAt
                    ? t('incidents.lasted', { duration: formatAge(t, incident.declaredAt, Date.parse(incident.resolvedAt)) })
                    : t('incidents.open_for', { age: formatAge(t, incident.declaredAt, now) })}
                </time>
              </td>
              <td data-label={t('incidents.col_ic')}>{incident.commander ? name(incident.commander) : t('oncall.nobody')}</td>
              <td data-label={t('incidents.col_status')}>
                <span className={`state state-${incident.status}`}>{t(`room.state_${incident.status}`)}</span>
              </td>
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
  const [incidents, setIncidents] = useState<IncidentListRow[]>();
  const [onCall, setOnCall] = useState<OnCall>();
  const [filters, setFilters] = useState<Filters>(storedFilters);
  const heading = useFocusHeading();
  const timer = useRef<ReturnType<typeof setTimeout>>(undefined);

  const load = useCallback(async () => {
    const list = await api<{ incidents: IncidentListRow[] }>('GET', '/api/v1/web/incidents?limit=100');
    setIncidents(list.incidents);
  }, []);

  useEffect(() => {
    void live.ready().then(load);
    void api<OnCall>('GET', '/api/v1/oncall').then(setOnCall);
    return () => clearTimeout(timer.current);
  }, [load]);

  useEffect(() => localStorage.setItem(STORED, JSON.stringify(filters)), [filters]);

  useLive((item) => {
    if (item.kind !== 'incident') return;
    clearTimeout(timer.current);
    timer.current = setTimeout(() => void load(), 200);
  });

  const matching = (incidents ?? []).filter(
    (incident) => (!filters.mine || incident.mine) && severityNumber(incident.peakSeverity) <= filters.severity,
  );
  const open = matching.filter((incident) => incident.status === 'open');
  const recent = matching.filter((incident) => incident.status === 'resolved').slice(0, 20);

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
      <fieldset className="list-filters">
        <legend>{t('incidents.filters')}</legend>
        <label className="check">
          <input type="checkbox" checked={filters.open} onChange={(event) => setFilters({ ...filters, open: event.target.checked })} /> {t('incidents.filter_open')}
        </label>
        <label className="check">
          <input type="checkbox" checked={filters.mine} onChange={(event) => setFilters({ ...filters, mine: event.target.checked })} /> {t('incidents.filter_mine')}
        </label>
        <label htmlFor="filter-severity">{t('incidents.filter_severity')}</label>
        <select id="filter-severity" value={filters.severity} onChange={(event) => setFilters({ ...filters, severity: Number(event.target.value) })}>
          <option value={5}>{t('incidents.filter_any')}</option>
          {[1, 2, 3, 4].map((level) => (
            <option key={level} value={level}>
              {t('incidents.filter_up_to', { severity: level })}
            </option>
          ))}
        </select>
      </fieldset>
      {!incidents ? (
        <p>{t('app.loading')}</p>
      ) : open.length === 0 ? (
        <p className="calm">{incidents.some((incident) => incident.status === 'open') ? t('incidents.no_match') : t('incidents.none_open')}</p>
      ) : (
        <IncidentTable context={context} incidents={open} caption={t('incidents.caption_open')} />
      )}
      {!filters.open && (
        <>
          <h2>{t('incidents.recent')}</h2>
          {!incidents ? (
            <p>{t('app.loading')}</p>
          ) : recent.length === 0 ? (
            <p>{t('incidents.none')}</p>
          ) : (
            <IncidentTable context={context} incidents={recent} caption={t('incidents.caption_recent')} />
          )}
        </>
      )}
    </main>
  );
}
