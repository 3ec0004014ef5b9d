import { useCallback, useEffect, useRef, useState } from 'react';
import { api, isUnknownIncident, type Communications, type Incident, type PageRow, type RoomInfo, type RoomMessage, type TimelineEvent } from '../api.js';
import type { AppContext } from '../app.js';
import { severityNumber } from '../format.js';
import { live, mergeByPosition, useLive, type LiveItem } from '../live.js';
import { useFocusHeading, useNow, usePersonName } from '../pages/hooks.js';
import { NoSuchIncidentPage } from '../pages/no-such-incident-page.js';
import { parseRoomName } from '../../../src/domain/incident/rooms.js';
import { linkHandler, navigate } from '../router.js';
import { useTranslation } from '../use-translation.js';
import { useOpenOnWideScreen } from '../use-wide-screen.js';
import { ActionsPanel } from './actions-panel.js';
import { ChatPanel } from './chat-panel.js';
import { CommandPalette } from './command-palette.js';
import { CommsPanel, type Cadence } from './comms-panel.js';
import { PagesPanel } from './pages-panel.js';
import { useRoomSender } from './use-room-sender.js';
import { ContactSummary } from './contact-summary.js';
import { EntriesPanel, RolesPanel, StatusPanel, SubteamsPanel, TasksPanel } from './incident-panels.js';
import { TimelinePanel } from './timeline-panel.js';

const TIMELINE_PAGE = 100;
const CHAT_LINES = 200;
/** A version above any real one: the newest page of the timeline. */
const NEWEST = 2 ** 31 - 1;

type RoomMessageItem = Extract<LiveItem, { kind: 'room' }>;

interface Timeline {
  events: TimelineEvent[];
  hasMore: boolean;
}

/**
 * A room. An incident's page is its room (`/incidents/ID`, or `/rooms/inc-ID`): contact summary, chat,
 * roles, status, tasks, notes, follow-ups and the timeline, kept current by the live feed. A sub-team's
 * room (`/rooms/inc-ID-NAME`) shows its own chat beside its incident. A lobby (`/rooms/NAME`) is its chat
 * and the incidents open from it.
 */
export function RoomPage({ context, incidentId, room: roomProp }: { context: AppContext; incidentId?: number; room?: string }) {
  const { t } = useTranslation();
  const name = usePersonName(context);
  const now = useNow();
  const heading = useFocusHeading();
  const [id, setId] = useState(incidentId);
  const [room, setRoom] = useState(roomProp);
  const [incident, setIncident] = useState<Incident | null>();
  const [messages, setMessages] = useState<RoomMessage[]>([]);
  const [timeline, setTimeline] = useState<Timeline>({ events: [], hasMore: false });
  const [failure, setFailure] = useState<Error>();
  const [roomLocale, setRoomLocale] = useState(context.locale as string);
  const [pages, setPages] = useState<PageRow[]>([]);
  const [comms, setComms] = useState<Communications>();
  const [cadence, setCadence] = useState<Cadence>();
  const [draft, setDraft] = useState<{ text: string; n: number }>();
  const refresh = useRef<ReturnType<typeof setTimeout>>(undefined);
  const pagesRefresh = useRef<ReturnType<typeof setTimeout>>(undefined);
  // Room lines the live feed brings while the history is loading (the room's name may not be known yet):
  // kept and merged with the history, so a line said between the snapshot and the stream is never lost.
  const early = useRef<RoomMessageItem[] | undefined>([]);
  // The room and incident the live feed is for, set in the same step that stops keeping early lines: state set
  // then is seen by the listener only after the next render, and a line arriving in between would be dropped.
  const shown = useRef<{ room?: string; id?: number }>({});
  const [lobbyIncidents, setLobbyIncidents] = useState<RoomInfo[]>([]);
  const target = roomProp ? parseRoomName(roomProp) : undefined;
  const lobby = target?.kind === 'lobby';
  // Declared from a lobby: the incident runs in its own room, so go there.
  const sender = useRoomSender(room, messages.at(-1)?.position ?? 0, (outcome) => {
    if (outcome.opened && outcome.incident && outcome.incident.room !== room) navigate(`/incidents/${outcome.incident.id}`);
  });
  const me = context.session.person.handle;
  // On a phone the board folds to its line (severity and IC), so the chat comes first.
  const [boardOpen, setBoardOpen] = useOpenOnWideScreen();

  /** Who was paged and whether they acknowledged; quietly keeps the last answer when it fails. */
  const loadPages = useCallback((which: number) => {
    void api<{ pages: PageRow[] }>('GET', `/api/v1/incidents/${which}/pages`).then((answer) => setPages(answer.pages), () => undefined);
  }, []);

  /** The incident and what hangs off it (pages, communications, cadence); the side panels fail quietly, the incident does not. */
  const loadIncident = useCallback(async (which: number) => {
    const loaded = await api<Incident>('GET', `/api/v1/incidents/${which}`);
    setIncident(loaded);
    loadPages(which);
    void api<Communications>('GET', `/api/v1/incidents/${which}/communications`).then(setComms, () => undefined);
    void api<Cadence>('GET', `/api/v1/web/incidents/${which}/cadence`).then(setCadence, () => undefined);
    return loaded;
  }, [loadPages]);

  // Pages escalate and get acknowledged outside the incident's own stream: look again now and then.
  useEffect(() => {
    if (id === undefined) return;
    const timer = setInterval(() => loadPages(id), 10_000);
    return () => {
      clearInterval(timer);
      clearTimeout(pagesRefresh.current);
    };
  }, [id, loadPages]);

  /** The incident and the newest page of its timeline, merged with whatever the live feed already brought. */
  const openIncident = useCallback(
    async (which: number) => {
      const [loaded, page] = await Promise.all([
        loadIncident(which),
        api<Timeline>('GET', `/api/v1/incidents/${which}/timeline?before=${NEWEST}&limit=${TIMELINE_PAGE}`),
      ]);
      setTimeline((current) => ({ events: mergeByPosition(current.events, page.events), hasMore: page.hasMore }));
      return loaded;
    },
    [loadIncident],
  );

  useEffect(() => {
    let cancelled = false;
    early.current = [];
    const which = incidentId ?? (target?.kind === 'incident' ? target.incidentId : undefined);
    shown.current = { room: roomProp, id: which };
    (async () => {
      await live.ready();
      let loaded: Incident | undefined;
      if (which !== undefined) loaded = await openIncident(which);
      else setIncident(null);
      if (cancelled) return;
      const roomName = roomProp ?? loaded!.room;
      if (lobby) {
        const { rooms } = await api<{ rooms: RoomInfo[] }>('GET', '/api/v1/rooms');
        if (!cancelled) setLobbyIncidents(rooms.filter((candidate) => candidate.kind === 'incident' && candidate.parent === roomName));
      }
      const history = await api<{ messages: RoomMessage[]; locale: string }>('GET', `/api/v1/rooms/${encodeURIComponent(roomName)}/messages?limit=${CHAT_LINES}`);
      if (cancelled) return;
      setId(which);
      setRoom(roomName);
      setRoomLocale(history.locale);
      const waiting = (early.current ?? []).filter((item) => item.room === roomName).map((item) => item.message);
      early.current = undefined;
      shown.current = { room: roomName, id: which };
      setMessages((current) => mergeByPosition(current, [...history.messages, ...waiting]));
    })().catch((error: Error) => setFailure(error));
    return () => {
      cancelled = true;
      clearTimeout(refresh.current);
    };
  }, [incidentId, roomProp, openIncident]);

  useLive((item) => {
    const { room, id } = shown.current;
    if (item.kind === 'room' && early.current) early.current.push(item);
    else if (item.kind === 'room' && item.room === room) {
      setMessages((current) => mergeByPosition(current, [item.message]));
      // The bot answers a page, an acknowledgement or an escalation in the room: look at the pages again at once.
      if (item.message.bot && id !== undefined) {
        const which = id;
        clearTimeout(pagesRefresh.current);
        pagesRefresh.current = setTimeout(() => loadPages(which), 200);
      }
      if (lobby && item.message.bot && item.message.incidentId !== null) {
        void api<{ rooms: RoomInfo[] }>('GET', '/api/v1/rooms').then(
          ({ rooms }) => setLobbyIncidents(rooms.filter((candidate) => candidate.kind === 'incident' && candidate.parent === room)),
          () => undefined,
        );
      }
    }
    if (item.kind === 'incident' && item.incidentId === id) {
      setTimeline((current) => ({ ...current, events: mergeByPosition(current.events, [item.event]) }));
      clearTimeout(refresh.current);
      refresh.current = setTimeout(() => void loadIncident(item.incidentId), 150);
    }
  });

  const loadOlder = async () => {
    const first = timeline.events[0];
    if (!first || id === undefined) return;
    const page = await api<Timeline>('GET', `/api/v1/incidents/${id}/timeline?before=${first.version}&limit=${TIMELINE_PAGE}`);
    setTimeline((current) => ({ events: mergeByPosition(current.events, page.events), hasMore: page.hasMore }));
  };

  // `/rooms/inc-N` is the same room as `/incidents/N`: an incident that does not exist, or that the viewer may not see, reads the same.
  const asked = incidentId ?? (target?.kind === 'incident' ? target.incidentId : undefined);
  if (failure && asked !== undefined && isUnknownIncident(failure)) return <NoSuchIncidentPage id={String(asked)} />;
  if (failure) {
    return (
      <main id="main" className="page">
        <p role="alert">{t('app.failed', { message: failure.message })}</p>
      </main>
    );
  }
  if (incident === undefined || room === undefined) {
    return (
      <main id="main" className="page" aria-busy="true">
        <p>{t('app.loading')}</p>
      </main>
    );
  }

  return (
    <main id="main" className="page room" data-ready="true">
      <div className="room-head">
        <h1 tabIndex={-1} ref={heading}>
          {incident ? (
            <>
              <span className={`sev sev-${severityNumber(incident.severity)}`}>{incident.severity}</span> {t('room.title', { id: incident.id, title: incident.title })}
            </>
          ) : (
            t('room.room_title', { room })
          )}
        </h1>
        {incident && <span className={`state state-${incident.status}`}>{t(`room.state_${incident.status}`)}</span>}
        {incident && incident.status === 'resolved' && (
          <a className="review-link" href={`/incidents/${incident.id}/review`} onClick={linkHandler(`/incidents/${incident.id}/review`)}>
            {t('room.open_review')}
          </a>
        )}
      </div>
      <ContactSummary organisation={context.organisation} room={room} title={incident?.title} />
      {!incident &&
        (lobbyIncidents.length === 0 ? (
          <p className="calm">{t('room.no_incident')}</p>
        ) : (
          <section className="calm lobby-incidents" aria-labelledby="lobby-incidents-heading">
            <h2 id="lobby-incidents-heading">{t('rooms.open_here')}</h2>
            <ul className="plain">
              {lobbyIncidents.map((open) => (
                <li key={open.name}>
                  <a href={`/incidents/${open.incident}`} onClick={linkHandler(`/incidents/${open.incident}`)}>
                    {open.severity ? `SEV-${open.severity} ` : ''}
                    {open.display}
                  </a>
                </li>
              ))}
            </ul>
          </section>
        ))}
      <div className={incident ? 'room-grid' : 'room-grid no-incident'}>
        {incident && (
          <details className="board" open={boardOpen} onToggle={(event) => setBoardOpen(event.currentTarget.open)}>
            <summary>{t('room.board', { severity: incident.severity, commander: incident.roles.commander ? name(incident.roles.commander) : t('oncall.nobody') })}</summary>
            <StatusPanel incident={incident} lastEventAt={timeline.events.at(-1)?.at} now={now} name={name} />
            <RolesPanel incident={incident} name={name} />
          </details>
        )}
        <div className="chat-column">
          <CommandPalette roomLocale={roomLocale} onChoose={(text) => setDraft((current) => ({ text, n: (current?.n ?? 0) + 1 }))} />
          <ChatPanel messages={messages} name={name} sender={sender} draft={draft} />
        </div>
        {incident && (
          <div className="side">
            <ActionsPanel incident={incident} me={me} people={context.organisation.people} pages={pages} roomLocale={roomLocale} sender={sender} onAcknowledged={() => id !== undefined && loadPages(id)} />
            <CommsPanel incident={incident} comms={comms} cadence={cadence} me={me} roomLocale={roomLocale} sender={sender} name={name} />
            <PagesPanel rows={pages} name={name} />
            <SubteamsPanel incident={incident} name={name} />
            <TasksPanel incident={incident} name={name} />
            <EntriesPanel id="notes" title={t('room.notes')} empty={t('room.no_notes')} entries={incident.notes} name={name} />
            <EntriesPanel id="todos" title={t('room.todos')} empty={t('room.no_todos')} entries={incident.todos} name={name} />
          </div>
        )}
      </div>
      {incident && <TimelinePanel events={timeline.events} total={incident.version} hasMore={timeline.hasMore} onOlder={loadOlder} name={name} />}
    </main>
  );
}
