import { useCallback, useEffect, useState } from 'react';
import { api, type OnCall, type OnCallEntry } from '../api.js';
import type { AppContext } from '../app.js';
import { formatTime } from '../format.js';
import { useTranslation } from '../use-translation.js';
import { useFocusHeading, usePersonName } from './hooks.js';

/** How long a shift taken here lasts, in hours: `!oncall take <schedule> <duration>` takes any length. */
const SHIFT_HOURS = [1, 2, 4, 8, 12] as const;

/**
 * Take a shift on the row's schedule, or end the one you took: the overrides API, as `!oncall take` and
 * `!oncall end` use it, so its rights and limits apply and its refusals are shown as they come.
 */
function ShiftControl({ schedule, onCallNow, context, changed }: { schedule: string; onCallNow: string | null; context: AppContext; changed: () => void }) {
  const { t, locale } = useTranslation();
  const me = context.session.person.handle;
  const [hours, setHours] = useState<number>(2);
  const [outcome, setOutcome] = useState<{ text: string; error?: boolean }>();
  const base = `/api/v1/oncall/schedules/${encodeURIComponent(schedule)}`;
  const run = async (work: () => Promise<string>) => {
    setOutcome(undefined);
    try {
      setOutcome({ text: await work() });
      changed();
    } catch (error) {
      setOutcome({ text: (error as Error).message, error: true });
    }
  };
  const take = () =>
    run(async () => {
      const start = new Date();
      const end = new Date(start.getTime() + hours * 3_600_000);
      const { override } = await api<{ override: { end: string } }>('POST', `${base}/overrides`, { start: start.toISOString(), end: end.toISOString(), person: me });
      return t('oncall.taken', { schedule, at: formatTime(override.end, locale) });
    });
  // Which of your overrides are running is the server's to say (`!oncall end` asks the same): it answers 409 when none is.
  const end = () =>
    run(async () => {
      await api('DELETE', `${base}/shift`);
      return t('oncall.ended', { schedule });
    });
  return (
    <div className="shift-control">
      {onCallNow === me ? (
        <button type="button" onClick={() => void end()}>
          {t('oncall.end')}
        </button>
      ) : (
        <>
          <select aria-label={t('oncall.length')} value={hours} onChange={(event) => setHours(Number(event.target.value))}>
            {SHIFT_HOURS.map((count) => (
              <option key={count} value={count}>
                {t('oncall.hours', { count })}
              </option>
            ))}
          </select>
          <button type="button" onClick={() => void take()}>
            {t('oncall.take')}
          </button>
        </>
      )}
      {outcome && (
        <p className={outcome.error ? 'refusal' : 'muted'} role={outcome.error ? 'alert' : 'status'} data-testid="shift-outcome">
          {outcome.text}
        </p>
      )}
    </div>
  );
}

function Row({ label, entry, context, changed }: { label: string; entry: OnCallEntry; context: AppContext; changed: () => void }) {
  const { t, locale } = useTranslation();
  const name = usePersonName(context);
  return (
    <tr data-schedule={entry.schedule ?? undefined}>
      <th scope="row">
        {label}
        {entry.schedule && <span className="muted"> · {entry.schedule}</span>}
      </th>
      <td data-label={t('oncall.col_now')}>{entry.now ? name(entry.now) : t('oncall.nobody')}</td>
      <td data-label={t('oncall.col_next')}>
        {entry.next ? (
          <>
            {t('oncall.next', { person: entry.next.person ? name(entry.next.person) : t('oncall.nobody'), at: formatTime(entry.next.at, locale) })}
          </>
        ) : (
          t('oncall.no_next')
        )}
      </td>
      <td data-label={entry.schedule ? t('oncall.col_shift') : undefined}>{entry.schedule && <ShiftControl schedule={entry.schedule} onCallNow={entry.now} context={context} changed={changed} />}</td>
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
        <th scope="col">{t('oncall.col_shift')}</th>
      </tr>
    </thead>
  );
}

export function OnCallPage({ context }: { context: AppContext }) {
  const { t } = useTranslation();
  const heading = useFocusHeading();
  const [onCall, setOnCall] = useState<OnCall>();
  const load = useCallback(() => void api<OnCall>('GET', '/api/v1/oncall').then(setOnCall), []);
  useEffect(load, [load]);
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
                <Row label={t('oncall.primary')} entry={onCall.commanders.primary} context={context} changed={load} />
                <Row label={t('oncall.backup')} entry={onCall.commanders.backup} context={context} changed={load} />
                {onCall.commanders.shadows.map((shadow, index) => (
                  <Row key={index} label={t('oncall.shadow')} entry={shadow} context={context} changed={load} />
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
                  <Row key={team.team} label={team.team} entry={team} context={context} changed={load} />
                ))}
              </tbody>
            </table>
          </div>
        </>
      )}
    </main>
  );
}
