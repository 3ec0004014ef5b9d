import type { IncidentState } from '../../domain/incident/state.js';
import type { Delivery } from '../../domain/paging/events.js';
import type { PageState } from '../../domain/paging/state.js';
import type { OutboundMessage } from '../../ports.js';
import { personLabel, t, type RenderContext } from '../render/context.js';
import { targetLabel } from './paged-reply.js';
import { stateLabel } from '../render/views.js';

/**
 * A page as one person reads it, rendered when it is sent (not when it was
 * asked for), so a re-escalation shows the incident as it is now.
 */
export function pageMessage(ctx: RenderContext, page: PageState, incident: IncidentState, delivery: Delivery, ackUrl: string): OutboundMessage {
  if (incident.private) return privatePageMessage(ctx, page, incident, delivery, ackUrl);
  const facts = {
    id: incident.id,
    severity: incident.severity,
    title: incident.title,
    status: stateLabel(ctx, incident),
    level: delivery.level + 1,
    page: page.pageId,
    target: targetLabel(ctx, page.target),
    message: page.message,
    room: page.room,
    url: ackUrl,
  };
  const subject = t(ctx, 'paging.message.subject', facts);
  const contact = ctx.organisation.contact;
  const long = [
    t(ctx, 'paging.message.intro', { ...facts, person: personLabel(ctx, delivery.person) }),
    facts.message,
    t(ctx, 'paging.message.state', facts),
    t(ctx, 'reply.contact_summary', {
      room: page.room,
      callUrl: contact.callUrl,
      bridge: contact.phoneBridge.display,
      dial: contact.phoneBridge.dial,
      pin: contact.phoneBridge.pin,
      executiveRoom: contact.executiveRoom,
    }),
    t(ctx, 'paging.message.ack', facts),
  ].join('\n\n');
  const text =
    delivery.channel === 'sms' ? t(ctx, 'paging.message.sms', facts) : delivery.channel === 'voice' ? t(ctx, 'paging.message.voice', facts) : long;
  return {
    channel: delivery.channel as OutboundMessage['channel'],
    to: delivery.to,
    subject,
    text,
    idempotencyKey: delivery.key,
    data: {
      locale: ctx.locale,
      pageId: page.pageId,
      incidentId: incident.id,
      severity: `SEV-${incident.severity}`,
      title: incident.title,
      status: incident.status,
      room: page.room,
      person: delivery.person,
      level: delivery.level + 1,
      round: delivery.round + 1,
      ackUrl,
    },
  };
}

/**
 * A page for a private incident leaves our hands (email, SMS, webhook) saying
 * only that a private incident needs the person, with the link: no title,
 * message, severity or room, which the recipient sees once signed in.
 */
function privatePageMessage(ctx: RenderContext, page: PageState, incident: IncidentState, delivery: Delivery, ackUrl: string): OutboundMessage {
  const text = t(ctx, 'paging.message.private', { url: ackUrl });
  return {
    channel: delivery.channel as OutboundMessage['channel'],
    to: delivery.to,
    subject: t(ctx, 'paging.message.private_subject'),
    text,
    idempotencyKey: delivery.key,
    data: { locale: ctx.locale, pageId: page.pageId, incidentId: incident.id, private: true, person: delivery.person, level: delivery.level + 1, round: delivery.round + 1, ackUrl },
  };
}

/** The in-app page: a line in the incident room naming the person. */
export function chatPageLine(ctx: RenderContext, page: PageState, delivery: Delivery): string {
  return t(ctx, 'paging.message.chat', { person: `@${delivery.person}`, page: page.pageId, level: delivery.level + 1, message: page.message });
}
