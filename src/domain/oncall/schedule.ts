/**
 * A rotation layer: `people` take turns in shifts of `shiftHours`, the first
 * shift starting at `start`. Later layers sit on top of earlier ones.
 */
export interface Layer {
  readonly name: string;
  readonly start: string;
  readonly shiftHours: number;
  readonly people: readonly string[];
}

export interface Schedule {
  readonly name: string;
  readonly timezone: string;
  readonly layers: readonly Layer[];
}

const HOUR = 3_600_000;

function onLayer(layer: Layer, at: Date): string | undefined {
  const elapsed = at.getTime() - Date.parse(layer.start);
  if (elapsed < 0 || layer.people.length === 0) return undefined;
  const shift = Math.floor(elapsed / (layer.shiftHours * HOUR));
  return layer.people[shift % layer.people.length];
}

/** Who is on call for `schedule` at `at`: the top-most layer with someone on it. */
export function whoIsOnCall(schedule: Schedule, at: Date): string | undefined {
  for (let index = schedule.layers.length - 1; index >= 0; index--) {
    const person = onLayer(schedule.layers[index], at);
    if (person) return person;
  }
  return undefined;
}
