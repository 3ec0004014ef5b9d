import { refuse, type Refusal } from '../refusal.js';
import type { ClosePublic } from '../incident/commands.js';
import type { IncidentEvent } from '../incident/events.js';
import type { IncidentState } from '../incident/state.js';

/** Whether the public still sees a resolved incident as ongoing: something was published and no closing update came after `!resolve`. */
export function publicNoticeOpen(state: IncidentState): boolean {
  const { comms, resolvedAt } = state;
  if (state.status !== 'resolved' || !resolvedAt || !comms.drafts.some((draft) => draft.publishedAt)) return false;
  if (comms.lastPublishedAt && comms.lastPublishedAt >= resolvedAt) return false;
  return !(comms.publicClosedAt && comms.publicClosedAt >= resolvedAt);
}

/** The auto-close timer: the status page turns to Resolved with a neutral line, only if the IC approved no closing update. */
export function decideClosePublic(state: IncidentState, { at, actor }: ClosePublic): IncidentEvent[] | Refusal {
  if (!publicNoticeOpen(state)) return refuse('public.nothing_to_close', { id: state.id });
  return [{ type: 'public.auto_closed', at, actor }];
}
