import type { IncidentState } from '../../domain/incident/state.js';
import type { Delivery } from '../../domain/paging/events.js';
import type { PageState } from '../../domain/paging/state.js';
import type { OutboundMessage } from '../../ports.js';
import { personLabel, t, type RenderContext } from '../render/context.js';

/**
 * What someone a page reached is told once it is cancelled without their
 * acknowledgement: it is closed, why (who is IC now, or the incident was
 * resolved), and that nothing more is needed from them. In their language
 * (`ctx`), short enough for a text message. A private incident's notice says
 * no more than its page did: no title, no names.
 */
export function closingNoticeMessage(ctx: RenderContext, page: PageState, incident: IncidentState, delivery: Delivery): OutboundMessage {
  const commander = page.cancelled?.reason === 'commander-assigned' ? page.cancelled.commander : undefined;
  const why = commander ? 'commander' : 'resolved';
  const name = commander ? (ctx.organisation.people.get(commander)?.name ?? commander) : '';
  const facts = { id: incident.id, title: incident.title, page: page.pageId, person: personLabel(ctx, commander), name };
  const text = incident.private
    ? t(ctx, 'paging.closing_notice.private')
    : t(ctx, delivery.channel === 'voice' ? `paging.closing_notice.voice_${why}` : `paging.closing_notice.${why}`, facts);
  const data = incident.private
    ? { notice: 'page-closed', locale: ctx.locale, pageId: page.pageId, incidentId: incident.id, private: true, person: delivery.person }
    : {
        notice: 'page-closed',
        locale: ctx.locale,
        pageId: page.pageId,
        incidentId: incident.id,
        title: incident.title,
        status: incident.status,
        person: delivery.person,
        reason: page.cancelled?.reason ?? 'incident-resolved',
        ...(commander ? { commander } : {}),
      };
  return {
    channel: delivery.channel as OutboundMessage['channel'],
    to: delivery.to,
    subject: t(ctx, incident.private ? 'paging.closing_notice.subject_private' : 'paging.closing_notice.subject', facts),
    text,
    idempotencyKey: delivery.key,
    kind: 'page.closed',
    // No acknowledgement link and no room: there is nothing left to acknowledge.
    data,
  };
}
