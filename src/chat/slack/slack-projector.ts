import type { Organisation } from '../../domain/organisation.js';
import type { Translate } from '../../i18n/i18n.js';
import { VersionConflict, type Clock, type Commit, type Logger, type NewEvent, type RecordedEvent, type Store } from '../../ports.js';
import { etaPhrases } from '../../app/render/comms-replies.js';
import { incidentIdOfStream } from '../../app/streams.js';
import { channelKeyOfRoom, incidentChannelKey, subteamChannelKey } from './room-mapping.js';
import { ARCHIVE_JOB } from './slack-archive.js';
import type { SlackChannels } from './slack-channels.js';
import { enqueue, hasQueue, type SlackOp } from './slack-outbox.js';
import { BUTTONS, buttonValue, withButton } from './slack-commands.js';
import { incidentChannelName, toSlackText } from './slack-text.js';

export const PROJECTION_STREAM = 'slack-projection';
const BATCH = 200;

export interface ProjectorDeps {
  store: Store;
  organisation: Organisation;
  translate: Translate;
  channels: SlackChannels;
  clock: Clock;
  log: Logger;
  archiveAfterMinutes: number;
  publish(recorded: readonly RecordedEvent[]): void;
}

type Work = { queue: string; ops: SlackOp[] } | { schedule: Commit['schedule'] } | { cancel: string[] };

/**
 * Follows every committed event, in order, from the last position it stored,
 * and turns the ones Slack must hear of into queued calls: a channel per
 * declared incident (members invited, topic set), a room's bot lines into
 * its channel, archiving after the incident is resolved. The new position
 * commits with the queued calls, so after a restart nothing is queued twice
 * or skipped; an instance that loses the race re-reads and goes on.
 */
export class SlackProjector {
  #cursor = 0;
  #version = 0;
  #running: Promise<void> | undefined;
  #again = false;
  #stopped = false;
  /** Channel keys first queued in the batch being projected (not stored yet). */
  readonly #batchKeys = new Set<string>();

  constructor(private readonly deps: ProjectorDeps) {}

  /** Reads the stored position; the first time, stores now's: Slack hears of what happens from then on, not of the past. Needs only the store. */
  async init(): Promise<void> {
    await this.#readCursor();
    if (this.#version === 0) await this.#commit({ appends: [] }, await this.deps.store.lastPosition());
  }

  stop(): Promise<void> {
    this.#stopped = true;
    return this.#running ?? Promise.resolve();
  }

  kick(): void {
    if (this.#stopped) return;
    if (this.#running) {
      this.#again = true;
      return;
    }
    this.#running = this.#catchUp()
      .catch((error) => this.deps.log.error({ err: error }, 'Slack projection failed; retrying on the next event'))
      .finally(() => {
        this.#running = undefined;
        if (this.#again) {
          this.#again = false;
          this.kick();
        }
      });
  }

  async #readCursor(): Promise<void> {
    const [last] = await this.deps.store.readStreamBackwards(PROJECTION_STREAM, undefined, 1);
    this.#version = last?.version ?? 0;
    this.#cursor = last ? Number(last.data.position) : 0;
  }

  async #commit(work: Omit<Commit, 'appends'> & { appends: Commit['appends'] }, position: number): Promise<void> {
    const marker: NewEvent = { type: 'slack.projected', at: this.deps.clock.now().toISOString(), actor: 'dont-panic', data: { position } };
    const recorded = await this.deps.store.commit({ ...work, appends: [...work.appends, { stream: PROJECTION_STREAM, expectedVersion: this.#version, events: [marker] }] });
    this.#version += 1;
    this.#cursor = position;
    this.deps.publish(recorded);
  }

  async #catchUp(): Promise<void> {
    while (!this.#stopped) {
      const batch = await this.deps.store.readAll(this.#cursor, BATCH);
      if (batch.length === 0) return;
      const work: Work[] = [];
      this.#batchKeys.clear();
      for (const event of batch) work.push(...(await this.#workFor(event)));
      const through = batch.at(-1)!.position;
      if (work.length === 0) {
        this.#cursor = through;
        continue;
      }
      const at = this.deps.clock.now().toISOString();
      const commit = { appends: [] as Commit['appends'][number][], schedule: [] as NonNullable<Commit['schedule']>[number][], cancel: [] as string[] };
      for (const item of work) {
        if ('queue' in item) {
          const queued = enqueue(item.queue, item.ops, at);
          commit.appends.push(...queued.appends);
          commit.schedule.push(...(queued.schedule ?? []));
        } else if ('schedule' in item) commit.schedule.push(...(item.schedule ?? []));
        else commit.cancel.push(...item.cancel);
      }
      try {
        await this.#commit(commit, through);
      } catch (error) {
        if (!(error instanceof VersionConflict)) throw error;
        await this.#readCursor();
      }
    }
  }

  async #workFor(event: RecordedEvent): Promise<Work[]> {
    const incidentId = incidentIdOfStream(event.stream);
    if (incidentId !== undefined) return this.#incidentWork(incidentId, event);
    if (event.stream.startsWith('room-') && event.type === 'bot.posted') return this.#lineWork(event);
    if (event.stream.startsWith('page-') && event.type === 'page.level-started') return this.#pagedWork(event);
    return [];
  }

  async #hasQueue(key: string): Promise<boolean> {
    return this.#batchKeys.has(key) || hasQueue(this.deps.store, this.deps.channels, key);
  }

  #locale(room: string): string {
    return this.deps.organisation.rooms.get(room)?.locale ?? this.deps.organisation.defaultLocale;
  }

  #topic(locale: string, channelName: string, commander: string | undefined): string {
    const { translate, organisation } = this.deps;
    const contact = organisation.contact;
    const person = commander ? organisation.people.get(commander) : undefined;
    return translate(locale, 'slack.topic', {
      room: channelName,
      callUrl: contact.callUrl,
      bridge: contact.phoneBridge.display,
      pin: contact.phoneBridge.pin,
      executiveRoom: contact.executiveRoom,
      commander: person ? this.#label(person.handle) : translate(locale, 'common.nobody'),
    });
  }

  async #incidentWork(id: number, event: RecordedEvent): Promise<Work[]> {
    const key = incidentChannelKey(id);
    const data = event.data as Record<string, unknown>;
    if (event.type === 'incident.declared') {
      const lobby = String(data.lobby ?? data.room);
      const locale = typeof data.locale === 'string' ? data.locale : this.#locale(lobby);
      const name = incidentChannelName(key, String(data.title));
      this.#batchKeys.add(key);
      return [
        {
          queue: key,
          ops: [
            { kind: 'create', key, name, private: data.private === true },
            { kind: 'invite', key, people: [event.actor].filter((actor) => this.deps.organisation.people.has(actor)) },
            { kind: 'topic', key, text: this.#topic(locale, name, undefined) },
            this.#buttonPost(key, locale, 'slack.take_command_prompt', {}, 'take_command', BUTTONS.takeCommand, buttonValue(key)),
          ],
        },
      ];
    }
    if (!(await this.#hasQueue(key))) return [];
    const people = (list: unknown[]) => list.filter((person): person is string => typeof person === 'string' && this.deps.organisation.people.has(person));
    const invite = (list: unknown[], into = key): Work[] => {
      const handles = people(list);
      return handles.length > 0 ? [{ queue: into, ops: [{ kind: 'invite', key: into, people: handles }] }] : [];
    };
    const archiveLater = (target: string): Work => ({
      schedule: [{ key: `${ARCHIVE_JOB}:${target}`, kind: ARCHIVE_JOB, dueAt: new Date(Date.parse(event.at) + this.deps.archiveAfterMinutes * 60_000).toISOString(), payload: { key: target } }],
    });
    switch (event.type) {
      case 'commander.paged':
        return invite([data.primary, data.backup, ...((data.shadows as unknown[]) ?? [])]);
      case 'role.assigned':
      case 'member.invited':
        return invite([data.person]);
      case 'responders.reached':
        return invite((data.people as unknown[]) ?? []);
      case 'commander.assigned': {
        const row = await this.deps.store.getIncident(id);
        const name = incidentChannelName(key, row?.title ?? '');
        return [...invite([data.person]), { queue: key, ops: [{ kind: 'topic', key, text: this.#topic(this.#locale(row?.lobby ?? ''), name, String(data.person)) }] }];
      }
      case 'subteam.opened': {
        const row = await this.deps.store.getIncident(id);
        const team = subteamChannelKey(id, String(data.name));
        this.#batchKeys.add(team);
        const topic = this.deps.translate(this.#locale(row?.lobby ?? ''), 'slack.subteam_topic', { name: String(data.name), lead: this.#label(String(data.lead)), parent: key });
        return [
          {
            queue: team,
            ops: [
              { kind: 'create', key: team, name: incidentChannelName(team, ''), private: row?.private === true },
              { kind: 'invite', key: team, people: people([data.lead, event.actor, row?.commander]) },
              { kind: 'topic', key: team, text: topic },
            ],
          },
        ];
      }
      case 'public.drafted': {
        const row = await this.deps.store.getIncident(id);
        const n = Number(data.n);
        const locale = this.#locale(row?.lobby ?? '');
        const eta = Array.isArray(data.eta) ? data.eta.map(String) : [];
        if (eta.length === 0) return [{ queue: key, ops: [this.#buttonPost(key, locale, 'slack.approve_prompt', { n, text: String(data.text) }, 'approve', BUTTONS.approve, buttonValue(key, n))] }];
        return [{ queue: key, ops: [this.#approveAnywayPost(key, locale, n, String(data.text), eta)] }];
      }
      case 'subteam.closed':
        return [archiveLater(subteamChannelKey(id, String(data.name)))];
      case 'incident.resolved':
      case 'incident.merged': {
        const teams = (await this.deps.store.readStream(event.stream)).filter((candidate) => candidate.type === 'subteam.opened').map((opened) => subteamChannelKey(id, String(opened.data.name)));
        return [key, ...teams].map(archiveLater);
      }
      case 'incident.reopened': {
        const teams = (await this.deps.store.readStream(event.stream)).filter((candidate) => candidate.type === 'subteam.opened').map((opened) => subteamChannelKey(id, String(opened.data.name)));
        return [{ cancel: [key, ...teams].map((target) => `${ARCHIVE_JOB}:${target}`) }, { queue: key, ops: [{ kind: 'unarchive', key }] }];
      }
      default:
        return [];
    }
  }

  #buttonPost(key: string, locale: string, message: string, params: Record<string, string | number>, label: string, actionId: string, value: string): SlackOp {
    const text = toSlackText(this.deps.translate(locale, message, params));
    return { kind: 'post', key, text, blocks: withButton(text, this.deps.translate(locale, `slack.button.${label}`), actionId, value) };
  }

  /**
   * A draft that promises a time: the prompt says so up front, and its one
   * button types `!approve N anyway` once the presser confirms in Slack's
   * dialog (a plain Approve would only be refused).
   */
  #approveAnywayPost(key: string, locale: string, n: number, draft: string, eta: readonly string[]): SlackOp {
    const { translate } = this.deps;
    const phrases = etaPhrases({ translate, locale }, eta);
    const text = toSlackText(translate(locale, 'slack.approve_prompt_eta', { n, text: draft, phrases }));
    const blocks = withButton(text, translate(locale, 'slack.button.approve_anyway'), BUTTONS.approveAnyway, buttonValue(key, n), {
      style: 'danger',
      confirm: {
        title: translate(locale, 'slack.confirm_eta.title', { n }),
        text: translate(locale, 'slack.confirm_eta.text', { n, phrases }),
        confirm: translate(locale, 'slack.confirm_eta.confirm'),
        deny: translate(locale, 'slack.confirm_eta.deny'),
        style: 'danger',
      },
    });
    return { kind: 'post', key, text, blocks };
  }

  #label(handle: string): string {
    const person = this.deps.organisation.people.get(handle);
    return person ? `${person.name} (@${handle})` : handle;
  }

  /** Everyone a page reaches (`!page <team>`, escalations) joins the incident's channel. */
  async #pagedWork(event: RecordedEvent): Promise<Work[]> {
    const [opened] = await this.deps.store.readStream(event.stream, 0);
    const incidentId = opened?.type === 'page.opened' ? Number(opened.data.incidentId) : undefined;
    if (incidentId === undefined) return [];
    const key = incidentChannelKey(incidentId);
    if (!(await this.#hasQueue(key))) return [];
    const recipients = ((event.data.recipients as { person?: string }[]) ?? []).map((recipient) => recipient.person);
    const handles = recipients.filter((person): person is string => typeof person === 'string' && this.deps.organisation.people.has(person));
    return handles.length > 0 ? [{ queue: key, ops: [{ kind: 'invite', key, people: handles }] }] : [];
  }

  async #lineWork(event: RecordedEvent): Promise<Work[]> {
    const key = channelKeyOfRoom(event.stream.slice('room-'.length));
    if (!(await this.#hasQueue(key))) return [];
    let text = toSlackText(String(event.data.text));
    // Slack notifies a channel only for its own markup, not a typed "@here".
    if (event.data.kind === 'executive-summary') text = text.replace(/^@here\b/, '<!here>');
    // A lobby's announcement links the new incident's channel: queued behind that channel's creation, so the link resolves.
    if (event.data.kind === 'announcement' && typeof event.data.incidentId === 'number') {
      const incident = incidentChannelKey(event.data.incidentId);
      if (await this.#hasQueue(incident)) return [{ queue: incident, ops: [{ kind: 'post', key, text, links: true }] }];
    }
    return [{ queue: key, ops: [{ kind: 'post', key, text, links: true }] }];
  }
}
