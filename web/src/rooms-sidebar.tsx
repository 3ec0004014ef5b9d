import { useCallback, useEffect, useRef, useState } from 'react';
import { api, type RoomInfo, type RoomMessage } from './api.js';
import { live, useLive } from './live.js';
import { linkHandler } from './router.js';
import { useTranslation } from './use-translation.js';
import { useOpenOnWideScreen } from './use-wide-screen.js';

const SEEN = 'dont-panic.rooms-seen';

/** The last line position seen per room, kept in the browser so unread marks survive a reload. */
function loadSeen(): Record<string, number> {
  try {
    return JSON.parse(localStorage.getItem(SEEN) ?? '{}') as Record<string, number>;
  } catch {
    return {};
  }
}

export function roomPath(room: RoomInfo): string {
  return room.kind === 'incident' && room.incident !== undefined ? `/incidents/${room.incident}` : `/rooms/${encodeURIComponent(room.name)}`;
}

/** The room a page shows: `/incidents/7` is #inc-7, `/rooms/NAME` is NAME. */
export function roomOfPath(path: string): string | undefined {
  const pathname = path.split('?')[0];
  const incident = /^\/incidents\/(\d+)$/.exec(pathname);
  if (incident) return `inc-${incident[1]}`;
  const room = /^\/rooms\/([^/]+)$/.exec(pathname);
  return room ? decodeURIComponent(room[1]) : undefined;
}

/**
 * Lobbies, open incidents and their sub-teams, each a link to its room, with a count of lines that
 * arrived since the viewer last had that room open.
 */
export function RoomsSidebar({ path }: { path: string }) {
  const { t } = useTranslation();
  const [rooms, setRooms] = useState<RoomInfo[]>();
  const [latest, setLatest] = useState<Record<string, number[]>>({});
  const [seen, setSeen] = useState<Record<string, number>>(loadSeen);
  const current = roomOfPath(path);
  const timer = useRef<ReturnType<typeof setTimeout>>(undefined);
  // Open beside the page on a wide screen; folded above it on a phone, where the room needs the space.
  const [open, setOpen] = useOpenOnWideScreen();

  const load = useCallback(async () => {
    const answer = await api<{ rooms: RoomInfo[] }>('GET', '/api/v1/rooms');
    setRooms(answer.rooms);
    // The newest lines of each room, to mark what arrived while the viewer was away.
    const recent = await Promise.all(
      answer.rooms.map(async (room) => {
        const history = await api<{ messages: RoomMessage[] }>('GET', `/api/v1/rooms/${encodeURIComponent(room.name)}/messages?limit=50`).catch(() => ({ messages: [] }));
        return [room.name, history.messages.filter((message) => !message.bot).map((message) => message.position)] as const;
      }),
    );
    setLatest((known) => {
      const next = { ...known };
      for (const [name, positions] of recent) next[name] = [...new Set([...(next[name] ?? []), ...positions])];
      return next;
    });
    // A room first seen in this browser starts as read: only what arrives from now on is new.
    setSeen((known) => {
      const next = { ...known };
      for (const [name, positions] of recent) if (next[name] === undefined) next[name] = Math.max(0, ...positions);
      localStorage.setItem(SEEN, JSON.stringify(next));
      return next;
    });
  }, []);

  useEffect(() => {
    void live.ready().then(load).catch(() => undefined);
    return () => clearTimeout(timer.current);
  }, [load]);

  // What is open now counts as read.
  const newest = current ? Math.max(0, ...(latest[current] ?? [])) : 0;
  useEffect(() => {
    if (!current) return;
    setSeen((known) => {
      if ((known[current] ?? 0) >= newest && current in known) return known;
      const next = { ...known, [current]: Math.max(newest, known[current] ?? 0) };
      localStorage.setItem(SEEN, JSON.stringify(next));
      return next;
    });
  }, [current, newest]);

  useLive((item) => {
    if (item.kind === 'room' && !item.message.bot) {
      setLatest((known) => ({ ...known, [item.room]: [...(known[item.room] ?? []), item.position] }));
    }
    // New incidents, sub-teams and resolutions change the list itself.
    if (item.kind === 'incident' && /^(incident\.|subteam\.)/.test(item.event.type)) {
      clearTimeout(timer.current);
      timer.current = setTimeout(() => void load().catch(() => undefined), 300);
    }
  });

  if (!rooms) return null;
  const unread = (room: RoomInfo) => {
    if (room.name === current) return 0;
    const mark = seen[room.name];
    if (mark === undefined) return 0;
    return (latest[room.name] ?? []).filter((position) => position > mark).length;
  };
  const link = (room: RoomInfo, label: string) => {
    const count = unread(room);
    const to = roomPath(room);
    return (
      <a href={to} onClick={linkHandler(to)} aria-current={room.name === current ? 'page' : undefined} data-room={room.name} data-unread={count || undefined}>
        <span className="room-label">{label}</span>
        {room.private && <span className="badge private">{t('incidents.private')}</span>}
        {count > 0 && (
          <span className="unread" aria-label={t('rooms.unread', { count })}>
            {count}
          </span>
        )}
      </a>
    );
  };
  const lobbies = rooms.filter((room) => room.kind === 'lobby');
  const incidents = rooms.filter((room) => room.kind === 'incident');
  const list = (
    <>
      <h2 className="sidebar-heading">{t('rooms.lobbies')}</h2>
      <ul className="plain room-list">
        {lobbies.map((room) => (
          <li key={room.name}>{link(room, room.display)}</li>
        ))}
      </ul>
      <h2 className="sidebar-heading">{t('rooms.incidents')}</h2>
      {incidents.length === 0 && <p className="muted">{t('rooms.none_open')}</p>}
      <ul className="plain room-list">
        {incidents.map((room) => (
          <li key={room.name}>
            {link(room, `${room.severity ? `SEV-${room.severity} ` : ''}${room.display}`)}
            {rooms.some((team) => team.parent === room.name) && (
              <ul className="plain room-list subteams" aria-label={t('rooms.subteams_of', { room: room.display })}>
                {rooms
                  .filter((team) => team.kind === 'subteam' && team.parent === room.name)
                  .map((team) => (
                    <li key={team.name}>{link(team, team.display)}</li>
                  ))}
              </ul>
            )}
          </li>
        ))}
      </ul>
    </>
  );
  const total = rooms.reduce((sum, room) => sum + unread(room), 0);
  return (
    <nav className="rooms-sidebar" aria-label={t('rooms.title')}>
      <details className="rooms-fold" open={open} onToggle={(event) => setOpen(event.currentTarget.open)}>
        <summary>
          {t('rooms.title')}
          {total > 0 && <span className="unread">{total}</span>}
        </summary>
        {list}
      </details>
    </nav>
  );
}
