import { useRef, useState, type FormEvent } from 'react';
import { api, ApiError, type ChatReply } from '../api.js';
import type { AppContext } from '../app.js';
import { commandLine } from '../room/commands.js';
import { navigate } from '../router.js';
import { useTranslation } from '../use-translation.js';
import { useFocusHeading } from './hooks.js';

/**
 * The lobby the form starts on: the contact summary's chat room when it speaks the person's language, else the
 * first lobby that does (exactly, then by language: `zh` for `zh-CN`), else the chat room.
 */
function defaultLobby(lobbies: { name: string; locale: string }[], chatRoom: string, locale: string | undefined): string {
  if (!locale) return chatRoom;
  const language = (tag: string) => tag.toLowerCase().split('-')[0];
  const exact = (room: { locale: string }) => room.locale.toLowerCase() === locale.toLowerCase();
  const near = (room: { locale: string }) => language(room.locale) === language(locale);
  for (const matches of [exact, near]) {
    const home = lobbies.find((room) => room.name === chatRoom);
    if (home && matches(home)) return chatRoom;
    const found = lobbies.find(matches);
    if (found) return found.name;
  }
  return chatRoom;
}

/** Declares through the chat command language, exactly as `!declare` typed in the room would. */
export function DeclarePage({ context }: { context: AppContext }) {
  const { t } = useTranslation();
  const heading = useFocusHeading();
  const [error, setError] = useState<string>();
  const [working, setWorking] = useState(false);
  const errorRef = useRef<HTMLParagraphElement>(null);
  const { rooms, contact } = context.organisation;
  const lobbies = rooms.filter((room) => room.name !== contact.executiveRoom);
  const lobby = defaultLobby(lobbies, contact.chatRoom, context.session.person.locale);

  const submit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const room = String(form.get('room'));
    const title = String(form.get('title') ?? '').replace(/\s+/g, ' ').trim();
    setWorking(true);
    setError(undefined);
    try {
      const locale = rooms.find((candidate) => candidate.name === room)?.locale ?? 'en';
      const text = commandLine(locale).declare(Number(form.get('severity')), title, Boolean(form.get('private')));
      const outcome = await api<ChatReply>('POST', `/api/v1/rooms/${encodeURIComponent(room)}/messages`, { text });
      const refused = outcome.replies.find((reply) => reply.error);
      if (refused || !outcome.incident) {
        setError(refused?.text ?? outcome.replies.map((reply) => reply.text).join('\n'));
        setWorking(false);
        requestAnimationFrame(() => errorRef.current?.focus());
        return;
      }
      navigate(`/incidents/${outcome.incident.id}`);
    } catch (failure) {
      setError(failure instanceof ApiError ? failure.message : String(failure));
      setWorking(false);
      requestAnimationFrame(() => errorRef.current?.focus());
    }
  };

  return (
    <main id="main" className="page narrow">
      <h1 tabIndex={-1} ref={heading}>
        {t('declare.title')}
      </h1>
      <p>{t('declare.intro')}</p>
      <form className="declare" onSubmit={submit}>
        <label htmlFor="declare-room">{t('declare.room')}</label>
        <select id="declare-room" name="room" defaultValue={lobby}>
          {lobbies.map((room) => (
            <option key={room.name} value={room.name}>
              #{room.name}
            </option>
          ))}
        </select>
        <label htmlFor="declare-severity">{t('declare.severity')}</label>
        <select id="declare-severity" name="severity" defaultValue="2">
          {[1, 2, 3, 4, 5].map((severity) => (
            <option key={severity} value={severity}>
              {t(`declare.sev${severity}`)}
            </option>
          ))}
        </select>
        <label htmlFor="declare-title">{t('declare.incident_title')}</label>
        <input id="declare-title" name="title" required maxLength={200} aria-describedby="declare-title-hint" />
        <p id="declare-title-hint" className="hint">
          {t('declare.title_hint')}
        </p>
        <label className="check" htmlFor="declare-private">
          <input id="declare-private" name="private" type="checkbox" aria-describedby="declare-private-hint" /> {t('declare.private')}
        </label>
        <p id="declare-private-hint" className="hint">
          {t('declare.private_hint')}
        </p>
        {error && (
          <p className="form-error" role="alert" tabIndex={-1} ref={errorRef}>
            {error}
          </p>
        )}
        <button type="submit" disabled={working}>
          {working ? t('declare.working') : t('declare.submit')}
        </button>
      </form>
    </main>
  );
}
