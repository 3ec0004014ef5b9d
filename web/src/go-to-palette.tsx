import { useCallback, useRef, useState } from 'react';
import { api, type RoomInfo } from './api.js';
import { goToMatches, type Destination } from './go-to-matches.js';
import { PaletteDialog, usePaletteShortcut } from './palette-dialog.js';
import { roomPath } from './rooms-sidebar.js';
import { navigate } from './router.js';
import { useTranslation } from './use-translation.js';

type T = ReturnType<typeof useTranslation>['t'];

/** Open incidents (each followed by its sub-teams), the declare form, the lobbies, then the other pages. */
function destinations(t: T, rooms: readonly RoomInfo[]): Destination[] {
  const room = (info: RoomInfo, label: string): Destination => ({
    key: `room-${info.name}`,
    path: roomPath(info),
    label,
    words: [info.name, info.display, ...(info.incident === undefined ? [] : [String(info.incident), `#${info.incident}`])],
  });
  const incidents = rooms
    .filter((info) => info.kind === 'incident')
    .flatMap((info) => [
      room(info, `${info.severity ? `SEV-${info.severity} ` : ''}${info.incident !== undefined && info.title ? t('room.title', { id: info.incident, title: info.title }) : info.display}`),
      ...rooms.filter((team) => team.kind === 'subteam' && team.parent === info.name).map((team) => room(team, t('palette.go_subteam', { room: team.display, incident: info.display }))),
    ]);
  const page = (path: string, label: string): Destination => ({ key: `page${path.replace(/\//g, '-')}`, path, label, words: [] });
  return [
    ...incidents,
    page('/declare', t('app.declare')),
    ...rooms.filter((info) => info.kind === 'lobby').map((info) => room(info, t('palette.go_lobby', { room: info.display }))),
    page('/', t('app.incidents')),
    page('/oncall', t('app.oncall')),
  ];
}

/**
 * Ctrl+K (or ⌘K) on a page that is not a room: there is no chat box to put a command in, so the palette leads
 * to where one is: an open incident's room, the declare form, a lobby, or another page.
 */
export function GoToPalette() {
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);
  const [rooms, setRooms] = useState<RoomInfo[]>([]);
  const opener = useRef<Element | null>(null);
  usePaletteShortcut(
    useCallback(() => {
      opener.current = document.activeElement;
      setOpen(true);
      // Asked again each time: incidents open and close while the page stays.
      void api<{ rooms: RoomInfo[] }>('GET', '/api/v1/rooms').then((answer) => setRooms(answer.rooms), () => undefined);
    }, []),
  );
  const all = destinations(t, rooms);
  const matches = (filter: string) => goToMatches(filter, all).map((destination) => ({ ...destination, data: { 'data-go': destination.path } }));

  if (!open) return null;
  return (
    <PaletteDialog
      title={t('palette.go_title')}
      filterLabel={t('palette.go_filter')}
      hint={t('palette.go_hint')}
      none={t('palette.go_none')}
      matches={matches}
      onChoose={(destination) => {
        setOpen(false);
        navigate(destination.path);
      }}
      onClose={() => {
        setOpen(false);
        (opener.current as HTMLElement | null)?.focus?.();
      }}
    />
  );
}
