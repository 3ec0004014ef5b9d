import { addDays, daysBetween, fromLocal, toLocal, type LocalTime } from './zoned-time.js';

export const WEEKDAYS = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'] as const;
export type Weekday = (typeof WEEKDAYS)[number];

/** A local-time window on some weekdays; `to` at or before `from` runs past midnight into the next day. */
export interface Restriction {
  readonly days: readonly Weekday[];
  /** Minutes after local midnight, 0‥1439. */
  readonly from: number;
  /** Minutes after local midnight, 1‥1440. */
  readonly to: number;
}

/** `days`: shifts of whole local days, handed off at the local handoff time whatever DST does. `hours`: fixed-length shifts. */
export type Rotation = { readonly kind: 'days'; readonly days: number } | { readonly kind: 'hours'; readonly hours: number };

/**
 * People take turns in shifts. The first shift starts on the local date `start`
 * at `handoff` (minutes after local midnight). With restrictions, the layer
 * covers only those windows (e.g. weekday office hours).
 */
export interface Layer {
  readonly name: string;
  readonly start: string;
  readonly handoff: number;
  readonly rotation: Rotation;
  readonly people: readonly string[];
  readonly restrictions: readonly Restriction[];
}

/** Someone else covers a stretch of time, for everyone (no `replaces`) or only for the person they replace. */
export interface Override {
  readonly start: string;
  readonly end: string;
  readonly person: string;
  readonly replaces?: string;
}

/**
 * Layers split the time between them (e.g. office hours and nights); two layers
 * covering the same moment are a configuration error, since nobody could tell
 * who is on call. Shadows are trainees paged alongside whoever is on call.
 */
export interface Schedule {
  readonly name: string;
  readonly timezone: string;
  readonly layers: readonly Layer[];
  readonly overrides: readonly Override[];
  readonly shadows: readonly string[];
}

/** Who is on call at an instant, and by which rule. */
export interface OnCall {
  readonly person: string;
  readonly layer?: string;
  /** Set when an override put this person on call. */
  readonly override?: Override;
  /** Who the layer had on call (when an override replaced them). */
  readonly scheduled?: string;
}

export interface Segment {
  readonly start: string;
  readonly end: string;
  readonly onCall?: OnCall;
}

const DAY_MS = 86_400_000;

type Day = { year: number; month: number; day: number };

function parseDate(date: string): Day {
  const [year, month, day] = date.split('-').map(Number);
  return { year, month, day };
}

function minutesOf(local: LocalTime): number {
  return local.hour * 60 + local.minute;
}

function inRestriction(restriction: Restriction, local: LocalTime): boolean {
  const minutes = minutesOf(local);
  const today = WEEKDAYS[local.weekday];
  const yesterday = WEEKDAYS[(local.weekday + 6) % 7];
  if (restriction.to > restriction.from) {
    return restriction.days.includes(today) && minutes >= restriction.from && minutes < restriction.to;
  }
  return (restriction.days.includes(today) && minutes >= restriction.from) || (restriction.days.includes(yesterday) && minutes < restriction.to);
}

function layerStart(layer: Layer, zone: string): number {
  const date = parseDate(layer.start);
  return fromLocal(date.year, date.month, date.day, Math.floor(layer.handoff / 60), layer.handoff % 60, zone);
}

/** Whether the layer covers the instant at all, whoever is on it. Rotation does not matter here. */
export function layerCovers(layer: Layer, zone: string, instant: number): boolean {
  if (instant < layerStart(layer, zone)) return false;
  if (layer.restrictions.length === 0) return true;
  const local = toLocal(instant, zone);
  return layer.restrictions.some((restriction) => inRestriction(restriction, local));
}

function handoffOn(layer: Layer, zone: string, date: Day): number {
  return fromLocal(date.year, date.month, date.day, Math.floor(layer.handoff / 60), layer.handoff % 60, zone);
}

/** The index of the shift running at an instant (from 0), or undefined before the first. */
function shiftIndex(layer: Layer, zone: string, instant: number): number | undefined {
  const first = layerStart(layer, zone);
  if (instant < first) return undefined;
  if (layer.rotation.kind === 'hours') return Math.floor((instant - first) / (layer.rotation.hours * 3_600_000));
  const local = toLocal(instant, zone);
  let date: Day = { year: local.year, month: local.month, day: local.day };
  if (instant < handoffOn(layer, zone, date)) date = addDays(date, -1);
  return Math.floor(daysBetween(parseDate(layer.start), date) / layer.rotation.days);
}

function layerOnCall(layer: Layer, zone: string, instant: number): string | undefined {
  if (!layerCovers(layer, zone, instant)) return undefined;
  const index = shiftIndex(layer, zone, instant);
  return index === undefined ? undefined : layer.people[index % layer.people.length];
}

/**
 * Who is on call for a schedule at an instant: the layer covering it (the last
 * one listed, should layers overlap), then overrides on top (the last one listed wins).
 */
export function onCallAt(schedule: Schedule, at: Date | number): OnCall | undefined {
  const instant = typeof at === 'number' ? at : at.getTime();
  let base: OnCall | undefined;
  for (let index = schedule.layers.length - 1; index >= 0 && !base; index--) {
    const layer = schedule.layers[index];
    const person = layerOnCall(layer, schedule.timezone, instant);
    if (person) base = { person, layer: layer.name };
  }
  for (let index = schedule.overrides.length - 1; index >= 0; index--) {
    const override = schedule.overrides[index];
    if (instant < Date.parse(override.start) || instant >= Date.parse(override.end)) continue;
    if (override.replaces !== undefined && override.replaces !== base?.person) continue;
    return { person: override.person, layer: base?.layer, override, scheduled: base?.person };
  }
  return base;
}

/** Who is on call for `schedule` at `at`. */
export function whoIsOnCall(schedule: Schedule, at: Date): string | undefined {
  return onCallAt(schedule, at)?.person;
}

/** Every instant in [from, to) at which who is on call may change. */
function boundaries(schedule: Schedule, from: number, to: number): number[] {
  const zone = schedule.timezone;
  const points = new Set<number>([from]);
  const add = (instant: number) => {
    if (instant > from && instant < to) points.add(instant);
  };
  const firstLocal = toLocal(from, zone);
  const first: Day = addDays({ year: firstLocal.year, month: firstLocal.month, day: firstLocal.day }, -1);
  const days = Math.ceil((to - from) / DAY_MS) + 2;
  for (const layer of schedule.layers) {
    const start = layerStart(layer, zone);
    add(start);
    if (layer.rotation.kind === 'hours') {
      const step = layer.rotation.hours * 3_600_000;
      for (let instant = start + Math.max(0, Math.ceil((from - start) / step)) * step; instant < to; instant += step) add(instant);
    }
    for (let offset = 0; offset <= days; offset++) {
      const date = addDays(first, offset);
      if (layer.rotation.kind === 'days') add(handoffOn(layer, zone, date));
      for (const restriction of layer.restrictions) {
        const at = (minutes: number, day: Day) => fromLocal(day.year, day.month, day.day, Math.floor(minutes / 60), minutes % 60, zone);
        add(at(restriction.from, date));
        add(restriction.to === 1440 ? at(0, addDays(date, 1)) : at(restriction.to, date));
      }
    }
  }
  for (const override of schedule.overrides) {
    add(Date.parse(override.start));
    add(Date.parse(override.end));
  }
  return [...points].sort((a, b) => a - b);
}

function sameOnCall(a: OnCall | undefined, b: OnCall | undefined): boolean {
  return a?.person === b?.person && a?.layer === b?.layer && a?.override === b?.override;
}

/** Who is on call from `from` to `to`, as consecutive segments (a segment without `onCall` is a gap). */
export function timeline(schedule: Schedule, from: Date, to: Date): Segment[] {
  const end = to.getTime();
  const segments: { start: number; onCall?: OnCall }[] = [];
  for (const instant of boundaries(schedule, from.getTime(), end)) {
    const onCall = onCallAt(schedule, instant);
    const last = segments.at(-1);
    if (last && sameOnCall(last.onCall, onCall)) continue;
    segments.push({ start: instant, onCall });
  }
  return segments.map((segment, index) => ({
    start: new Date(segment.start).toISOString(),
    end: new Date(segments[index + 1]?.start ?? end).toISOString(),
    ...(segment.onCall ? { onCall: segment.onCall } : {}),
  }));
}

/** Stretches of time in [from, to) with nobody on call. */
export function gaps(schedule: Schedule, from: Date, to: Date): { start: string; end: string }[] {
  return timeline(schedule, from, to)
    .filter((segment) => !segment.onCall)
    .map(({ start, end }) => ({ start, end }));
}

/**
 * The first moment two layers both cover, if any. Coverage repeats every week
 * from the later layer's start, so two weeks (DST changes included) decide it.
 */
export function firstOverlap(schedule: Schedule): { layers: [number, number]; at: string } | undefined {
  const zone = schedule.timezone;
  for (let a = 0; a < schedule.layers.length; a++) {
    for (let b = a + 1; b < schedule.layers.length; b++) {
      const pair: Schedule = { ...schedule, layers: [schedule.layers[a], schedule.layers[b]], overrides: [] };
      const from = Math.max(layerStart(schedule.layers[a], zone), layerStart(schedule.layers[b], zone));
      for (const instant of boundaries(pair, from, from + 15 * DAY_MS)) {
        if (layerCovers(schedule.layers[a], zone, instant) && layerCovers(schedule.layers[b], zone, instant)) {
          return { layers: [a, b], at: new Date(instant).toISOString() };
        }
      }
    }
  }
  return undefined;
}
