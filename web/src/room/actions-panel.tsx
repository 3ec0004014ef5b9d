import { useState, type FormEvent } from 'react';
import type { Incident, PageRow } from '../api.js';
import { useTranslation } from '../use-translation.js';
import { ASSIGNABLE_ROLES, commandLine, type AssignableRole } from './commands.js';
import type { RoomSender } from './use-room-sender.js';
import { PersonOptions } from '../person-options.js';
import { isOpenPageStatus } from '../../../src/domain/paging/state.js';

type Kind = 'note' | 'todo' | 'task' | 'public' | 'update';

/** What the add form offers: a resolved incident takes notes, and the closing summary and public notice, but no more tasks. */
const KINDS_WHEN_OPEN: readonly Kind[] = ['note', 'todo', 'task', 'public', 'update'];
const KINDS_WHEN_RESOLVED: readonly Kind[] = ['note', 'public', 'update'];

/**
 * Buttons for the common moves. Each posts the chat command a person would type, so the rules and the refusals
 * are the chat's own: a refused button says why, next to it and in the chat (only to you).
 */
export function ActionsPanel({
  incident,
  me,
  people,
  pages,
  roomLocale,
  sender,
  onAcknowledged,
}: {
  incident: Incident;
  me: string;
  people: { handle: string; name: string }[];
  pages: PageRow[];
  roomLocale: string;
  sender: RoomSender;
  /** After an acknowledgement, so the pages are shown acknowledged at once. */
  onAcknowledged?: () => void;
}) {
  const { t } = useTranslation();
  const command = commandLine(roomLocale, incident.id);
  const [role, setRole] = useState<AssignableRole>('deputy');
  const [rolePerson, setRolePerson] = useState(people[0]?.handle ?? '');
  const [severity, setSeverity] = useState(String(Number(incident.severity.replace(/\D/g, '')) || 3));
  const [chosenKind, setKind] = useState<Kind>('note');
  const [owner, setOwner] = useState(me);
  const [text, setText] = useState('');
  const [done, setDone] = useState<string>();
  const open = incident.status === 'open';
  const kinds = open ? KINDS_WHEN_OPEN : KINDS_WHEN_RESOLVED;
  // The choice may no longer be offered (the incident was resolved meanwhile): what is shown is what is sent.
  const kind = kinds.includes(chosenKind) ? chosenKind : kinds[0];
  const holds = (name: AssignableRole, person: string) => (name === 'sme' ? incident.roles.sme.includes(person) : incident.roles[name] === person);
  // A shadow is paged to watch and learn: their acknowledgement stops nothing, so they are offered none.
  const myPage = pages.find((page) => page.person === me && isOpenPageStatus(page.pageStatus) && !page.shadow);

  const run = async (line: string, success: string) => {
    setDone(undefined);
    const ok = await sender.send(line);
    if (ok) setDone(success);
    return ok;
  };

  const add = async (event: FormEvent) => {
    event.preventDefault();
    const body = text.trim();
    if (!body) return;
    const line = kind === 'task' ? command.task(owner, body) : command[kind](body);
    if (await run(line, t(`actions.added_${kind}`))) setText('');
  };

  const person = (id: string, value: string, onChange: (value: string) => void) => (
    <select id={id} value={value} onChange={(event) => onChange(event.target.value)}>
      <PersonOptions people={people} />
    </select>
  );

  return (
    <section className="panel actions" aria-labelledby="actions-heading">
      <h2 id="actions-heading">{t('actions.title')}</h2>
      <div className="button-row">
        {open && !incident.roles.commander && (
          <button type="button" disabled={sender.sending} onClick={() => run(command.take(), t('actions.took'))}>
            {t('actions.take')}
          </button>
        )}
        {myPage && (
          <button type="button" disabled={sender.sending} onClick={() => void run(command.ack(myPage.pageId), t('actions.acked')).then((ok) => ok && onAcknowledged?.())}>
            {t('actions.ack')}
          </button>
        )}
        {open && (
          <button type="button" className="secondary" disabled={sender.sending} onClick={() => run(command.stalk(!incident.stalking), t(incident.stalking ? 'actions.unstalked' : 'actions.stalked'))}>
            {incident.stalking ? t('actions.unstalk') : t('actions.stalk')}
          </button>
        )}
        {open ? (
          <>
            <button type="button" className="danger" disabled={sender.sending} onClick={() => run(command.resolve(), t('actions.resolved'))}>
              {t('actions.resolve')}
            </button>
            <button type="button" className="secondary" disabled={sender.sending} onClick={() => run(command.resolve(true), t('actions.resolved'))}>
              {t('actions.false_alarm')}
            </button>
          </>
        ) : (
          <button type="button" className="secondary" disabled={sender.sending} onClick={() => run(command.reopen(), t('actions.reopened'))}>
            {t('actions.reopen')}
          </button>
        )}
      </div>

      {open && (
        <>
          <form className="action-form" onSubmit={(event) => (event.preventDefault(), void run(command.role(role, rolePerson), t('actions.role_done')))}>
            <fieldset>
              <legend>{t('actions.role_legend')}</legend>
              <label htmlFor="action-role">{t('actions.role')}</label>
              <select id="action-role" value={role} onChange={(event) => setRole(event.target.value as AssignableRole)}>
                {ASSIGNABLE_ROLES.map((name) => (
                  <option key={name} value={name}>
                    {t(`role.${name}`)}
                  </option>
                ))}
              </select>
              <label htmlFor="action-role-person">{t('actions.person')}</label>
              {person('action-role-person', rolePerson, setRolePerson)}
              <div className="button-row">
                <button type="submit" disabled={sender.sending}>
                  {t('actions.assign')}
                </button>
                <button
                  type="button"
                  className="secondary"
                  disabled={sender.sending || !holds(role, rolePerson)}
                  onClick={() => void run(command.removeRole(role, rolePerson), t('actions.role_removed'))}
                >
                  {t('actions.remove_role')}
                </button>
              </div>
            </fieldset>
          </form>

          <form className="action-form" onSubmit={(event) => (event.preventDefault(), void run(command.sev(Number(severity)), t('actions.sev_done')))}>
            <fieldset>
              <legend>{t('actions.sev_legend')}</legend>
              <label htmlFor="action-sev">{t('actions.severity')}</label>
              <select id="action-sev" value={severity} onChange={(event) => setSeverity(event.target.value)}>
                {[1, 2, 3, 4, 5].map((level) => (
                  <option key={level} value={level}>
                    SEV-{level}
                  </option>
                ))}
              </select>
              <button type="submit" disabled={sender.sending}>
                {t('actions.change_sev')}
              </button>
            </fieldset>
          </form>
        </>
      )}

      <form className="action-form" onSubmit={add}>
        <fieldset>
          <legend>{t('actions.add_legend')}</legend>
          <label htmlFor="action-kind">{t('actions.kind')}</label>
          <select id="action-kind" value={kind} onChange={(event) => setKind(event.target.value as Kind)}>
            {kinds.map((offered) => (
              <option key={offered} value={offered}>
                {t(`actions.kind_${offered}`)}
              </option>
            ))}
          </select>
          {kind === 'task' && (
            <>
              <label htmlFor="action-owner">{t('actions.owner')}</label>
              {person('action-owner', owner, setOwner)}
            </>
          )}
          <label htmlFor="action-text">{t('actions.text')}</label>
          <input id="action-text" value={text} maxLength={3000} onChange={(event) => setText(event.target.value)} />
          <button type="submit" disabled={sender.sending || !text.trim()}>
            {t('actions.add')}
          </button>
        </fieldset>
      </form>

      <p className="action-outcome" role="status" data-testid="action-outcome">
        {sender.lastRefusal && !done ? <span className="refusal">{sender.lastRefusal.text}</span> : done}
      </p>
    </section>
  );
}
