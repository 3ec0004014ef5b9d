import type { JobHandler } from '../../app/jobs/job-handler.js';
import type { Clock, Commit, EventStore, JobSpec, Logger, NewEvent, RecordedEvent, StreamAppend } from '../../ports.js';
import { linkRooms } from './room-mapping.js';
import { channelCreated, CHANNELS_STREAM, type SlackChannels } from './slack-channels.js';
import type { SlackPeople } from './slack-people.js';
import { classifySlackError, type SlackWeb } from './slack-web.js';

/**
 * One call to Slack, as queued. `key` names the channel (a lobby or
 * `inc-<id>`); it is resolved to a channel id when the call is made, so a
 * post may be queued behind the `create` that makes its channel.
 */
export type SlackOp =
  | { kind: 'create'; key: string; name: string; private: boolean }
  | { kind: 'invite'; key: string; people: string[] }
  | { kind: 'topic'; key: string; text: string }
  /** `links`: room names in the text become channel links when sent (the channels may not exist when queued). */
  | { kind: 'post'; key: string; text: string; links?: boolean; blocks?: unknown[] }
  /** To one person in a channel, seen by nobody else. */
  | { kind: 'ephemeral'; channel: string; user: string; text: string }
  | { kind: 'archive'; key: string }
  /** `!reopen` after the channel was archived (Slack answers `not_archived` otherwise: skipped). */
  | { kind: 'unarchive'; key: string }
  /** A direct message to a person (pages): opened by `conversations.open`. */
  | { kind: 'dm'; person: string; text: string; blocks?: unknown[] };

export const OUTBOX_JOB = 'slack-outbox';
const outboxStream = (queue: string) => `slack-outbox-${queue}`;
const outboxJobKey = (queue: string) => `${OUTBOX_JOB}:${queue}`;

/**
 * What to commit to queue calls to Slack: each queue is delivered in order,
 * one call after the other, by one job. Join it to a commit to make the calls
 * happen if and only if the commit is stored.
 */
export function enqueue(queue: string, ops: readonly SlackOp[], at: string): Pick<Commit, 'appends' | 'schedule'> {
  const events: NewEvent[] = ops.map((op) => ({ type: 'slack.op.queued', at, actor: 'dont-panic', data: { op } }));
  const job: JobSpec = { key: outboxJobKey(queue), kind: OUTBOX_JOB, dueAt: at, payload: { queue } };
  return { appends: [{ stream: outboxStream(queue), expectedVersion: 'any', events }], schedule: [job] };
}

interface QueueState {
  pending: { version: number; op: SlackOp }[];
  deferredUntil?: number;
}

function queueState(events: readonly RecordedEvent[]): QueueState {
  let through = 0;
  let deferredUntil: number | undefined;
  const queued: { version: number; op: SlackOp }[] = [];
  for (const event of events) {
    if (event.type === 'slack.op.queued') queued.push({ version: event.version, op: event.data.op as SlackOp });
    else if (event.type === 'slack.op.done') through = Math.max(through, Number(event.data.through));
    else if (event.type === 'slack.op.deferred') deferredUntil = Date.parse(String(event.data.until));
  }
  return { pending: queued.filter((entry) => entry.version > through), deferredUntil };
}

export interface OutboxDeps {
  store: Pick<EventStore, 'readStream' | 'commit'>;
  web: SlackWeb;
  channels: SlackChannels;
  people: SlackPeople;
  clock: Clock;
  log: Logger;
  publish(recorded: readonly RecordedEvent[]): void;
}

class Unavailable extends Error {}

/**
 * Delivers a queue in order. Each call's completion is stored as soon as
 * Slack accepted it, so a crash repeats at most the call in flight. A 429
 * stops the queue until its `Retry-After` (stored, so new posts wait too); an
 * outage is retried with the job runner's backoff; a call Slack refuses for
 * good is logged and skipped, never blocking the posts behind it.
 */
export function outboxJob(deps: OutboxDeps): JobHandler {
  const done = async (queue: string, version: number, extra: NewEvent[] = [], error?: string) => {
    const at = deps.clock.now().toISOString();
    const appends: StreamAppend[] = [{ stream: outboxStream(queue), expectedVersion: 'any', events: [{ type: 'slack.op.done', at, actor: 'dont-panic', data: { through: version, ...(error ? { error } : {}) } }] }];
    if (extra.length > 0) appends.push({ stream: CHANNELS_STREAM, expectedVersion: 'any', events: extra });
    deps.publish(await deps.store.commit({ appends }));
  };

  return {
    kind: OUTBOX_JOB,
    async run(job) {
      const queue = String(job.payload.queue);
      const state = queueState(await deps.store.readStream(outboxStream(queue)));
      const now = () => deps.clock.now().getTime();
      const later = (dueAt: number): Omit<Commit, 'finish'> => ({ appends: [], schedule: [{ key: job.key, kind: OUTBOX_JOB, dueAt: new Date(dueAt).toISOString(), payload: { queue } }] });
      if (state.deferredUntil !== undefined && now() < state.deferredUntil) return later(state.deferredUntil);
      for (const { version, op } of state.pending) {
        try {
          const created = await perform(deps, op);
          await done(queue, version, created ? [channelCreated(deps.clock.now().toISOString(), created.key, created.channel)] : []);
          if (created) deps.channels.remember(created.key, created.channel);
        } catch (error) {
          const failure = error instanceof Unavailable ? { kind: 'unavailable' as const, reason: error.message } : classifySlackError(error);
          if (failure.kind === 'rate-limited') {
            const until = now() + failure.retryAfterMs;
            const at = deps.clock.now().toISOString();
            deps.log.warn({ queue, retryAfterMs: failure.retryAfterMs }, 'Slack rate limit: the queue waits');
            return {
              appends: [{ stream: outboxStream(queue), expectedVersion: 'any', events: [{ type: 'slack.op.deferred', at, actor: 'dont-panic', data: { until: new Date(until).toISOString() } }] }],
              schedule: [{ key: job.key, kind: OUTBOX_JOB, dueAt: new Date(until).toISOString(), payload: { queue } }],
            };
          }
          if (failure.kind === 'unavailable') throw new Error(`Slack unavailable (${failure.reason}); ${state.pending.length} call(s) wait in ${queue}`);
          deps.log.warn({ queue, call: op.kind, error: failure.error }, 'Slack refused a call; skipped');
          await done(queue, version, [], failure.error);
        }
      }
      return { appends: [] };
    },
  };
}

async function channelFor(deps: OutboxDeps, key: string): Promise<string> {
  const channel = deps.channels.channelOf(key);
  if (channel) return channel;
  // Created by another instance since this one loaded its list.
  for (const event of await deps.store.readStream(CHANNELS_STREAM)) deps.channels.follow(event);
  const found = deps.channels.channelOf(key);
  if (!found) throw Object.assign(new Error('no channel'), { code: 'slack_webapi_platform_error', data: { error: 'channel_not_found' } });
  return found;
}

async function perform(deps: OutboxDeps, op: SlackOp): Promise<{ key: string; channel: string } | undefined> {
  const { web } = deps;
  switch (op.kind) {
    case 'create': {
      if (deps.channels.channelOf(op.key)) return undefined;
      const answer = await web.apiCall('conversations.create', { name: op.name, is_private: op.private });
      return { key: op.key, channel: String((answer.channel as { id: string }).id) };
    }
    case 'invite': {
      const channel = await channelFor(deps, op.key);
      for (const person of op.people) {
        const user = await deps.people.userOf(person);
        if (!user) continue;
        try {
          await web.apiCall('conversations.invite', { channel, users: user });
        } catch (error) {
          const failure = classifySlackError(error);
          if (failure.kind !== 'refused' || failure.error !== 'already_in_channel') throw error;
        }
      }
      return undefined;
    }
    case 'topic':
      await web.apiCall('conversations.setTopic', { channel: await channelFor(deps, op.key), topic: op.text.slice(0, 250) });
      return undefined;
    case 'post': {
      const channel = await channelFor(deps, op.key);
      const text = op.links ? linkRooms(op.text, (key) => deps.channels.channelOf(key)) : op.text;
      await web.apiCall('chat.postMessage', { channel, text, ...(op.blocks ? { blocks: op.blocks } : {}), unfurl_links: false });
      return undefined;
    }
    case 'ephemeral':
      await web.apiCall('chat.postEphemeral', { channel: op.channel, user: op.user, text: op.text });
      return undefined;
    case 'archive':
    case 'unarchive':
      await web.apiCall(`conversations.${op.kind}`, { channel: await channelFor(deps, op.key) });
      return undefined;
    case 'dm': {
      const user = await deps.people.userOf(op.person);
      if (!user) throw Object.assign(new Error('no Slack user'), { code: 'slack_webapi_platform_error', data: { error: 'users_not_found' } });
      const opened = await web.apiCall('conversations.open', { users: user });
      await web.apiCall('chat.postMessage', { channel: String((opened.channel as { id: string }).id), text: op.text, ...(op.blocks ? { blocks: op.blocks } : {}) });
      return undefined;
    }
    default: {
      const unknown: never = op;
      throw new Unavailable(`unknown call ${JSON.stringify(unknown)}`);
    }
  }
}

/** Whether calls were ever queued for a channel key, or its channel is known. */
export async function hasQueue(store: Pick<EventStore, 'readStream'>, channels: SlackChannels, key: string): Promise<boolean> {
  if (channels.channelOf(key)) return true;
  return (await store.readStream(outboxStream(key))).length > 0;
}
