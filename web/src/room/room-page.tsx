import { useCallback, useEffect, useRef, useState } from 'react';
import { api, type ChatReply, type Incident, type RoomMessage, type TimelineEvent } from '../api.js';
import type { AppContext } from '../app.js';
import { severityNumber } from '../format.js';
import { live, mergeByPosition, useLive } from '../live.js';
import { useFocusHeading, useNow, usePersonName } from '../pages/hooks.js';
import { navigate } from '../router.js';
import { useTranslation } from '../use-translation.js';
import { ChatPanel } from './chat-panel.js';
import { ContactSummary } from './contact-summary.js';
import { EntriesPanel, RolesPanel, StatusPanel, TasksPanel } from './incident-panels.js';
import { TimelinePanel } from './timeline-panel.js';

const TIMELINE_PAGE = 100;
const CHAT_LINES = 200;
/** A version above any real one: the newest page of the timeline. */
const NEWEST = 2 ** 31 - 1;

interface Timeline {
  events: TimelineEvent[];
  hasMore: boolean;
}

/** The incident whose room (`inc-7`) or sub-team room (`inc-7-alpha`) this is; a lobby has none. */
function incidentOfRoom(room: string): number | undefined {
  const match = /^inc-(\d+)(?:-[a-z][a-z0-9_]*)?$/.exec(room);
  return match ? Number(match[1]) : undefined;
}

/**
 * The incident room: contact summary, chat, roles, status, tasks, notes, follow-ups and the timeline,
 * kept current by the live feed. Opened by incident (`/incidents/ID`) or by room (`/rooms/NAME`).
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
  const [failure, setFailure] = useState<string>();
  const refresh = useRef<ReturnType<typeof setTimeout>>(undefined);

  const loadIncident = useCallback(async (which: number) => {
    const loaded = await api<Incident>('GET', `/api/v1/incidents/${which}`);
    setIncident(loaded);
    return loaded;
  }, []);

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
    (async () => {
      await live.ready();
      const which = incidentId ?? (roomProp ? incidentOfRoom(roomProp) : undefined);
      let loaded: Incident | undefined;
      if (which !== undefined) loaded = await openIncident(which);
      else setIncident(null);
      if (cancelled) return;
      const roomName = loaded?.room ?? roomProp!;
      const history = await api<{ messages: RoomMessage[] }>('GET', `/api/v1/rooms/${encodeURIComponent(roomName)}/messages?limit=${CHAT_LINES}`);
      if (cancelled) return;
      setId(which);
      setRoom(roomName);
      setMessages((current) => mergeByPosition(current, history.messages));
    })().catch((error: Error) => setFailure(error.message));
    return () => {
      cancelled = true;
      clearTimeout(refresh.current);
    };
  }, [incidentId, roomProp, openIncident]);

  useLive((item) => {
    if (item.kind === 'room' && item.room === room) {
      setMessages((current) => mergeByPosition(current, [item.message]));
    }
    if (item.kind === 'incident' && item.incidentId === id) {
      setTimeline((current) => ({ ...current, events: mergeByPosition(current.events, [item.event]) }));
      clearTimeout(refresh.current);
      refresh.current = setTimeout(() => void loadIncident(item.incidentId), 150);
    }
  });

  // Declared from a lobby: the incident runs in its own room, so go there.
  const followOpened = (outcome: ChatReply) => {
    if (outcome.opened && outcome.incident && outcome.incident.room !== room) navigate(`/incidents/${outcome.incident.id}`);
  };

  const loadOlder = async () => {
    const first = timeline.events[0];
    if (!first || id === undefined) return;
    const page = await api<Timeline>('GET', `/api/v1/incidents/${id}/timeline?before=${first.version}&limit=${TIMELINE_PAGE}`);
    setTimeline((current) => ({ events: mergeByPosition(current.events, page.events), hasMore: page.hasMore }));
  };

  if (failure) {
    return (
      <main id="main" className="page">
        <p role="alert">{t('app.failed', { message: failure })}</p>
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
      </div>
      <ContactSummary organisation={context.organisation} room={room} />
      {!incident && <p className="calm">{t('room.no_incident')}</p>}
      <div className="room-grid">
        <ChatPanel room={room} messages={messages} name={name} onOutcome={followOpened} />
        {incident && (
          <div className="side">
            <StatusPanel incident={incident} lastEventAt={timeline.events.at(-1)?.at} now={now} name={name} />
            <RolesPanel incident={incident} name={name} />
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
