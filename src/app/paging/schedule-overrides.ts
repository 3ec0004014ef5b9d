import { randomUUID } from 'node:crypto';
import type { Organisation } from '../../domain/organisation.js';
import type { Override, Schedule } from '../../domain/oncall/schedule.js';
import { mayOverride, scheduleOwners } from '../../domain/oncall/override-rights.js';
import { overrideProblem } from '../../domain/oncall/override-rules.js';
import { instantIn } from '../../domain/oncall/zoned-time.js';
import { isRefusal, refuse, type Refusal } from '../../domain/refusal.js';
import type { Clock, EventStore, LiveFeed } from '../../ports.js';

export const OVERRIDES_STREAM = 'oncall-overrides';

export interface StoredOverride extends Override {
  readonly id: string;
  readonly schedule: string;
  readonly by: string;
  readonly at: string;
}

const MAX_DAYS = 90;

/** The refusal for a schedule the organisation does not have, listing those it has: one wording wherever overrides are named. */
export function unknownSchedule(organisation: Organisation, schedule: string): Refusal {
  return refuse('override.unknown_schedule', { schedule, schedules: [...organisation.schedules.keys()] });
}

function notAllowed(organisation: Organisation, schedule: string): Refusal {
  const teams = scheduleOwners(organisation, schedule);
  // No team to ask: only admins (and its own rotation) may change it.
  if (teams.length === 0) return refuse('override.not_allowed_unowned', { schedule, admins: organisation.admins ?? [] });
  return refuse('override.not_allowed', { schedule, teams, admins: organisation.admins ?? [] });
}

/**
 * Overrides added through the API ("mei covers bob on Saturday") or chat (`!oncall take`), kept as
 * events in one stream and folded into the organisation's schedules, so the
 * one "who is on call" function sees them for `!ic`, paging and every view.
 * Each instance catches up on the stream before paging and every few seconds.
 */
export class ScheduleOverrides {
  readonly #configured: ReadonlyMap<string, readonly Override[]>;
  readonly #added = new Map<string, StoredOverride>();
  #version = 0;

  constructor(
    private readonly deps: { store: EventStore; clock: Clock; organisation: Organisation; feed: LiveFeed },
  ) {
    this.#configured = new Map([...deps.organisation.schedules.values()].map((schedule) => [schedule.name, schedule.overrides]));
  }

  /** Reads override events committed since the last call (by any instance) and applies them. */
  async refresh(): Promise<void> {
    const events = await this.deps.store.readStream(OVERRIDES_STREAM, this.#version);
    if (events.length === 0) return;
    for (const event of events) {
      if (event.type === 'override.added') this.#added.set(String(event.data.id), { ...(event.data as unknown as StoredOverride), by: event.actor, at: event.at });
      if (event.type === 'override.removed') this.#added.delete(String(event.data.id));
    }
    this.#version = events.at(-1)!.version;
    this.#apply();
  }

  #apply(): void {
    // The organisation's schedule map is the live view everything reads: config overrides, then API overrides in the order added.
    const schedules = this.deps.organisation.schedules as Map<string, Schedule>;
    for (const [name, configured] of this.#configured) {
      const added = [...this.#added.values()].filter((override) => override.schedule === name);
      schedules.set(name, { ...schedules.get(name)!, overrides: [...configured, ...added.map(({ start, end, person, replaces }) => ({ start, end, person, ...(replaces ? { replaces } : {}) }))] });
    }
  }

  list(schedule: string): StoredOverride[] {
    return [...this.#added.values()].filter((override) => override.schedule === schedule);
  }

  async add(actor: string, schedule: string, input: { start: string; end: string; person: string; replaces?: string }): Promise<StoredOverride | Refusal> {
    const { organisation } = this.deps;
    if (!organisation.schedules.has(schedule)) return unknownSchedule(organisation, schedule);
    if (!mayOverride(organisation, actor, schedule)) return notAllowed(organisation, schedule);
    for (const handle of [input.person, input.replaces]) {
      if (handle !== undefined && !organisation.people.has(handle)) return refuse('unknown_person', { given: handle, people: [...organisation.people.keys()] });
    }
    const problem = overrideProblem(organisation.schedules.get(schedule)!, input);
    if (problem) return problem;
    // Times without an offset are the schedule's local time, as in the configuration.
    const zone = organisation.schedules.get(schedule)!.timezone;
    const [startAt, endAt] = [instantIn(input.start, zone), instantIn(input.end, zone)];
    if (!startAt) return refuse('override.bad_time', { field: 'start', zone });
    if (!endAt) return refuse('override.bad_time', { field: 'end', zone });
    const start = Date.parse(startAt);
    const end = Date.parse(endAt);
    if (!(end > start)) return refuse('override.ends_before_start');
    if (end - start > MAX_DAYS * 86_400_000) return refuse('override.too_long', { days: MAX_DAYS });
    if (end <= this.deps.clock.now().getTime()) return refuse('override.in_the_past');
    const override = {
      id: randomUUID(),
      schedule,
      start: new Date(start).toISOString(),
      end: new Date(end).toISOString(),
      person: input.person,
      ...(input.replaces ? { replaces: input.replaces } : {}),
    };
    const at = this.deps.clock.now().toISOString();
    const recorded = await this.deps.store.commit({ appends: [{ stream: OVERRIDES_STREAM, expectedVersion: 'any', events: [{ type: 'override.added', at, actor, data: override }] }] });
    this.deps.feed.publish(recorded);
    await this.refresh();
    return { ...override, by: actor, at };
  }

  /**
   * Ends early the shift `person` covers on the schedule now: their overrides running at this instant are
   * removed, so the schedule's own rotation is on call again (`!oncall end`, the on-call page).
   */
  async endShift(person: string, schedule: string): Promise<number | Refusal> {
    await this.refresh();
    if (!this.deps.organisation.schedules.has(schedule)) return unknownSchedule(this.deps.organisation, schedule);
    const now = this.deps.clock.now().getTime();
    const running = this.list(schedule).filter((override) => override.person === person && Date.parse(override.start) <= now && now < Date.parse(override.end));
    if (running.length === 0) return refuse('override.no_shift', { person, schedule });
    for (const override of running) {
      const removed = await this.remove(person, schedule, override.id);
      if (isRefusal(removed)) return removed;
    }
    return running.length;
  }

  async remove(actor: string, schedule: string, id: string): Promise<true | Refusal> {
    await this.refresh();
    const found = this.#added.get(id);
    if (!found || found.schedule !== schedule) return refuse('override.unknown', { id });
    if (!mayOverride(this.deps.organisation, actor, schedule)) return notAllowed(this.deps.organisation, schedule);
    const recorded = await this.deps.store.commit({
      appends: [{ stream: OVERRIDES_STREAM, expectedVersion: 'any', events: [{ type: 'override.removed', at: this.deps.clock.now().toISOString(), actor, data: { id, schedule } }] }],
    });
    this.deps.feed.publish(recorded);
    await this.refresh();
    return true;
  }
}
