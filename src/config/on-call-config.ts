import type { z } from 'zod';
import { DEFAULT_REPEAT, type EscalationPolicy, type PolicyTarget } from '../domain/oncall/escalation.js';
import { firstOverlap, type Layer, type Rotation, type Schedule, type Weekday } from '../domain/oncall/schedule.js';
import { instantIn, toLocal } from '../domain/oncall/zoned-time.js';
import type { Config, PolicyConfig, ScheduleConfig } from './schema.js';

type LayerConfig = ScheduleConfig['layers'][number];

const minutes = (clock: string) => Number(clock.slice(0, 2)) * 60 + Number(clock.slice(3, 5));

function rotationOf(layer: LayerConfig): Rotation {
  if (layer.shiftHours !== undefined) return { kind: 'hours', hours: layer.shiftHours };
  const rotation = layer.rotation ?? 'weekly';
  if (rotation === 'daily') return { kind: 'days', days: 1 };
  if (rotation === 'weekly') return { kind: 'days', days: 7 };
  return 'days' in rotation ? { kind: 'days', days: rotation.days } : { kind: 'hours', hours: rotation.hours };
}

/** `start` is a local date (with `handoff`), or an instant with offset (the first form): then its local date and time. */
function startOf(layer: LayerConfig, zone: string): { start: string; handoff: number } {
  if (/^\d{4}-\d{2}-\d{2}$/.test(layer.start)) return { start: layer.start, handoff: minutes(layer.handoff) };
  const local = toLocal(Date.parse(layer.start), zone);
  const pad = (value: number) => String(value).padStart(2, '0');
  return { start: `${local.year}-${pad(local.month)}-${pad(local.day)}`, handoff: local.hour * 60 + local.minute };
}

/** An override instant (the schema has checked its form): with an offset as written, without one in the schedule's time zone. */
function instantOf(text: string, zone: string): string {
  return instantIn(text, zone) ?? new Date(text).toISOString();
}

export function toSchedule(name: string, config: ScheduleConfig): Schedule {
  const zone = config.timezone;
  return {
    name,
    timezone: zone,
    layers: config.layers.map(
      (layer): Layer => ({
        name: layer.name,
        ...startOf(layer, zone),
        rotation: rotationOf(layer),
        people: layer.people,
        restrictions: layer.restrictions.map((restriction) => ({
          days: restriction.days as Weekday[],
          from: minutes(restriction.from),
          to: restriction.to === '24:00' ? 1440 : minutes(restriction.to),
        })),
      }),
    ),
    overrides: config.overrides.map((override) => ({
      start: instantOf(override.start, zone),
      end: instantOf(override.end, zone),
      person: override.person,
      ...(override.replaces ? { replaces: override.replaces } : {}),
    })),
    shadows: config.shadows,
  };
}

function targetOf(target: PolicyConfig['levels'][number]['targets'][number]): PolicyTarget {
  const shadow = target.shadow ? { shadow: true } : {};
  if ('schedule' in target) return { kind: 'schedule', name: target.schedule, ...shadow };
  if ('team' in target) return { kind: 'team', name: target.team, ...shadow };
  return { kind: 'person', name: target.person, ...shadow };
}

export function toPolicy(name: string, config: PolicyConfig, defaultAckMinutes: number): EscalationPolicy {
  return {
    name,
    repeat: config.repeat ?? DEFAULT_REPEAT,
    levels: config.levels.map((level) => ({
      targets: level.targets.map(targetOf),
      ackTimeoutSeconds: Math.round((level.ackTimeoutMinutes ?? defaultAckMinutes) * 60 * 1000) / 1000,
    })),
  };
}

/** Whether the runtime knows the IANA time zone (`Europe/London`). */
export function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

/** Cross-references of schedules and escalation policies, reported by path like every other config error. */
export function checkOnCall(config: Config, ctx: z.RefinementCtx): void {
  const issue = (path: (string | number)[], message: string) => ctx.addIssue({ code: 'custom', path, message });
  const people = new Set(Object.keys(config.people));
  const person = (value: string | undefined, path: (string | number)[]) => {
    if (value !== undefined && !people.has(value)) issue(path, `unknown person "${value}"`);
  };
  for (const [name, schedule] of Object.entries(config.schedules)) {
    const base = ['schedules', name];
    // A time zone the runtime does not know is reported by the schema; shifts cannot be placed without one.
    if (!isTimeZone(schedule.timezone)) continue;
    schedule.layers.forEach((layer, index) => {
      if (layer.shiftHours !== undefined && layer.rotation !== undefined) issue([...base, 'layers', index, 'rotation'], 'give either rotation or shiftHours, not both');
    });
    schedule.overrides.forEach((override, index) => {
      person(override.person, [...base, 'overrides', index, 'person']);
      person(override.replaces, [...base, 'overrides', index, 'replaces']);
      const converted = toSchedule(name, schedule).overrides[index];
      if (converted.end <= converted.start) issue([...base, 'overrides', index, 'end'], 'the override ends before it starts');
    });
    schedule.shadows.forEach((shadow, index) => person(shadow, [...base, 'shadows', index]));
    const overlap = firstOverlap(toSchedule(name, schedule));
    if (overlap) {
      const [first, second] = overlap.layers;
      issue(
        [...base, 'layers', second],
        `overlaps layer "${schedule.layers[first].name}" (both cover ${overlap.at}); layers must split the time between them — use restrictions, or an override for exceptions`,
      );
    }
  }
  const schedules = new Set(Object.keys(config.schedules));
  const teams = new Set(Object.keys(config.teams));
  const policies = new Set(Object.keys(config.escalationPolicies));
  for (const [name, policy] of Object.entries(config.escalationPolicies)) {
    policy.levels.forEach((level, index) =>
      level.targets.forEach((target, position) => {
        const path = ['escalationPolicies', name, 'levels', index, 'targets', position];
        if ('person' in target) person(target.person, [...path, 'person']);
        if ('schedule' in target && !schedules.has(target.schedule)) issue([...path, 'schedule'], `unknown schedule "${target.schedule}"`);
        if ('team' in target && !teams.has(target.team)) issue([...path, 'team'], `unknown team "${target.team}"`);
      }),
    );
  }
  const policyRef = (value: string | undefined, path: (string | number)[]) => {
    if (value !== undefined && !policies.has(value)) issue(path, `unknown escalation policy "${value}"`);
  };
  policyRef(config.incidentCommand.escalationPolicy, ['incidentCommand', 'escalationPolicy']);
  for (const [name, team] of Object.entries(config.teams)) policyRef(team.escalationPolicy, ['teams', name, 'escalationPolicy']);
}
