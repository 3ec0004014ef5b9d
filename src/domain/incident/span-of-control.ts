import type { IncidentState } from './state.js';

/** The runbook's rule of thumb: one IC directs about seven people. */
export const SPAN_OF_CONTROL = 7;

/** People the IC directs: every role holder but the IC, and the owners of open tasks. */
export function directReports(state: IncidentState): string[] {
  const { roles } = state;
  const people = [roles.deputy, roles.scribe, roles.customer, roles.internal, ...roles.sme, ...state.tasks.filter((task) => !task.done).map((task) => task.owner)];
  return [...new Set(people.filter((person): person is string => Boolean(person) && person !== roles.commander))];
}

/** True when a change takes the response past the span of control (said once per crossing, not on every command). */
export function crossesSpanOfControl(before: IncidentState, after: IncidentState): boolean {
  return directReports(before).length <= SPAN_OF_CONTROL && directReports(after).length > SPAN_OF_CONTROL;
}
