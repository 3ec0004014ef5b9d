import { useState } from 'react';
import type { Entry, Incident } from '../api.js';
import { formatAge, formatTime, severityNumber } from '../format.js';
import { roomDisplayName } from '../../../src/domain/incident/rooms.js';
import { linkHandler } from '../router.js';
import { useTranslation } from '../use-translation.js';

type Name = (handle: string) => string;

const SHOWN = 10;

const ROLE_ORDER = ['commander', 'deputy', 'scribe', 'sme', 'customer', 'internal'] as const;

export function RolesPanel({ incident, name }: { incident: Incident; name: Name }) {
  const { t } = useTranslation();
  return (
    <section className="panel roles" aria-labelledby="roles-heading">
      <h2 id="roles-heading">{t('room.roles')}</h2>
      <dl>
        {ROLE_ORDER.map((role) => {
          const holders = role === 'sme' ? incident.roles.sme : [incident.roles[role]].filter((holder): holder is string => Boolean(holder));
          return (
            <div key={role} data-role={role}>
              <dt>{t(`role.${role}`)}</dt>
              <dd>{holders.length ? holders.map(name).join(t('pages.list_separator')) : <span className="muted">{t('oncall.nobody')}</span>}</dd>
            </div>
          );
        })}
      </dl>
    </section>
  );
}

/** What `!status` shows: severity, state, age, open tasks, the last update and the last notes. */
export function StatusPanel({ incident, lastEventAt, now, name }: { incident: Incident; lastEventAt?: string; now: number; name: Name }) {
  const { t, locale } = useTranslation();
  const open = incident.tasks.filter((task) => !task.done);
  const notes = incident.notes.slice(-3);
  return (
    <section className="panel status" aria-labelledby="status-heading">
      <h2 id="status-heading">{t('room.status')}</h2>
      <p className="status-headline">
        {t('room.status_headline', {
          severity: severityNumber(incident.severity),
          status: t(`room.state_${incident.status}`),
          age: formatAge(t, incident.declaredAt, incident.resolvedAt ? Date.parse(incident.resolvedAt) : now),
        })}
      </p>
      {lastEventAt && <p>{t('room.last_update', { at: formatTime(lastEventAt, locale) })}</p>}
      {incident.stalking && <p>{t('room.stalking')}</p>}
      {open.length > 0 && (
        <>
          <h3 id="status-tasks-heading">{t('room.status_tasks', { count: open.length })}</h3>
          <ul className="plain" aria-labelledby="status-tasks-heading">
            {open.slice(0, 5).map((task) => (
              <li key={task.n}>{t('room.task', { n: task.n, owner: name(task.owner), text: task.text })}</li>
            ))}
          </ul>
          {open.length > 5 && <p className="muted">{t('room.more_tasks', { count: open.length - 5 })}</p>}
        </>
      )}
      {notes.length > 0 && (
        <>
          <h3 id="status-notes-heading">{t('room.status_notes')}</h3>
          <ul className="plain" aria-labelledby="status-notes-heading">
            {notes.map((note) => (
              <li key={note.n}>
                #{note.n} {note.text} <span className="muted">— {name(note.by)}</span>
              </li>
            ))}
          </ul>
        </>
      )}
    </section>
  );
}

export function TasksPanel({ incident, name }: { incident: Incident; name: Name }) {
  const { t } = useTranslation();
  const [all, setAll] = useState(false);
  const sorted = [...incident.tasks].sort((a, b) => Number(a.done) - Number(b.done) || a.n - b.n);
  const tasks = all ? sorted : sorted.slice(0, SHOWN);
  return (
    <section className="panel tasks" aria-labelledby="tasks-heading">
      <h2 id="tasks-heading">{t('room.tasks')}</h2>
      {tasks.length === 0 ? (
        <p className="muted">{t('room.no_tasks')}</p>
      ) : (
        <ul className="plain">
          {!all && sorted.length > SHOWN && (
            <li>
              <button type="button" className="link-button" onClick={() => setAll(true)}>
                {t('room.show_all', { count: sorted.length })}
              </button>
            </li>
          )}
          {tasks.map((task) => {
            // Closed at resolve, a task goes on as a follow-up: say where, not "done".
            const carried = task.done ? incident.todos.find((todo) => todo.fromTask === task.n) : undefined;
            return (
              <li key={task.n} className={task.done ? 'done' : undefined} data-task={task.n}>
                {t('room.task', { n: task.n, owner: name(task.owner), text: task.text })}
                {task.done && <span className="badge">{carried ? t('room.task_carried', { n: carried.n }) : t('room.task_done')}</span>}
              </li>
            );
          })}
        </ul>
      )}
    </section>
  );
}


/** Notes or follow-ups: the latest few, all on request (an incident can collect thousands). */
export function EntriesPanel({ id, title, empty, entries, name }: { id: string; title: string; empty: string; entries: Entry[]; name: Name }) {
  const { t, locale } = useTranslation();
  const [all, setAll] = useState(false);
  const shown = all ? entries : entries.slice(-SHOWN);
  return (
    <section className={`panel ${id}`} aria-labelledby={`${id}-heading`}>
      <h2 id={`${id}-heading`}>{title}</h2>
      {entries.length === 0 ? (
        <p className="muted">{empty}</p>
      ) : (
        <>
          {!all && entries.length > SHOWN && (
            <button type="button" className="link-button" onClick={() => setAll(true)}>
              {t('room.show_all', { count: entries.length })}
            </button>
          )}
          <ol className="plain">
            {shown.map((entry) => (
              <li key={entry.n}>
                #{entry.n} {entry.text}{' '}
                <span className="muted">
                  — {name(entry.by)}, <time dateTime={entry.at}>{formatTime(entry.at, locale)}</time>
                </span>
              </li>
            ))}
          </ol>
        </>
      )}
    </section>
  );
}

/** The incident's sub-teams: each with its lead and its own room, open or closed. */
export function SubteamsPanel({ incident, name }: { incident: Incident; name: Name }) {
  const { t } = useTranslation();
  const teams = incident.subteams ?? [];
  return (
    <section className="panel subteams" aria-labelledby="subteams-heading">
      <h2 id="subteams-heading">{t('subteams.title')}</h2>
      {teams.length === 0 ? (
        <p className="muted">{t('subteams.none')}</p>
      ) : (
        <ul className="plain">
          {teams.map((team) => (
            <li key={team.name} data-subteam={team.name} className={team.open ? undefined : 'done'}>
              <a href={`/rooms/${team.room}`} onClick={linkHandler(`/rooms/${team.room}`)}>
                {roomDisplayName(team.room)}
              </a>{' '}
              {t('subteams.lead', { lead: name(team.lead) })}
              {!team.open && <span className="badge">{t('subteams.closed')}</span>}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
