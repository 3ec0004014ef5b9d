import type { PageNotice } from '../../domain/incident/events.js';
import type { IncidentState } from '../../domain/incident/state.js';
import type { PageTarget } from '../../domain/oncall/escalation.js';
import type { Organisation } from '../../domain/organisation.js';
import { personLabel, t, type RenderContext } from '../render/context.js';

/** The language a notice is written in: its person's own, as their page is (else the organisation's). */
export function noticeLocale(organisation: Organisation, target: PageTarget): string {
  const person = target.kind === 'person' ? organisation.people.get(target.name) : undefined;
  return person?.locale ?? organisation.defaultLocale;
}

/** The message of a page that tells its person something (they were handed command, or it was taken from them), in `ctx`'s language. */
export function noticeMessage(ctx: RenderContext, notice: PageNotice, incident: Pick<IncidentState, 'id' | 'room'>): string {
  switch (notice.kind) {
    case 'handover':
      return t(ctx, 'paging.notice.handover', { id: incident.id, person: personLabel(ctx, notice.from), room: incident.room });
    case 'forced':
      return t(ctx, 'page.forced_notice', { id: incident.id, person: personLabel(ctx, notice.from), reason: notice.reason });
    default: {
      const unknown: never = notice;
      return unknown;
    }
  }
}
