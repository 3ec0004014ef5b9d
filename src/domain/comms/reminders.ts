import type { IncidentState } from '../incident/state.js';
import type { CommsTimers } from './settings.js';

export type Cadence = 'executive' | 'public';

/** Cadence reminders speak only in an open incident (never a resolved or merged one), and stop after `reminderRepeats` unanswered ones. */
export function mayRemind(state: IncidentState, cadence: Cadence, timers: Pick<CommsTimers, 'reminderRepeats'>): boolean {
  if (!state.exists || state.status !== 'open' || state.mergedInto !== undefined) return false;
  return (state.comms.missed?.[cadence] ?? 0) < timers.reminderRepeats;
}

/** Whether this reminder is the last one before they stop. */
export function isLastReminder(state: IncidentState, cadence: Cadence, timers: Pick<CommsTimers, 'reminderRepeats'>): boolean {
  return (state.comms.missed?.[cadence] ?? 0) + 1 >= timers.reminderRepeats;
}

/** The newest public draft still waiting for the IC's approval, if any: then the IC is the one to remind. */
export function waitingDraft(state: IncidentState): number | undefined {
  return [...state.comms.drafts].reverse().find((draft) => !draft.publishedAt)?.n;
}
