import { refuse, type Refusal } from '../refusal.js';
import type { Schedule } from './schedule.js';

/**
 * What makes an override of `schedule` meaningless, if anything: someone
 * replacing themself, or replacing a person its rotation never has on call
 * (an override with `replaces` applies only while they would be on call, so
 * it would never apply). Without `replaces` it covers everyone.
 */
export function overrideProblem(schedule: Pick<Schedule, 'name' | 'layers'>, override: { readonly person: string; readonly replaces?: string }): Refusal | undefined {
  const { person, replaces } = override;
  if (replaces === undefined) return undefined;
  if (replaces === person) return refuse('override.replaces_self', { person });
  const rotation = [...new Set(schedule.layers.flatMap((layer) => layer.people))];
  if (!rotation.includes(replaces)) return refuse('override.not_on_rotation', { person: replaces, schedule: schedule.name, people: rotation });
  return undefined;
}
