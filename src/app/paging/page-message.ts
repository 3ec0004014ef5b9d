import type { IncidentState } from '../../domain/incident/state.js';
import type { Delivery } from '../../domain/paging/events.js';
import { recipientAt, type PageState } from '../../domain/paging/state.js';
import type { OutboundMessage } from '../../ports.js';
import { personLabel, t, type RenderContext } from '../render/context.js';
import { targetLabel } from './paged-reply.js';
import { stateLabel } from '../render/views.js';

/** Whether this delivery goes to a shadow, who is paged alongside to learn and does not answer for the page. */
function toShadow(page: PageState, delivery: Delivery): boolean {
  return recipientAt(page, delivery.level, delivery.round, delivery.person)?.shadow === true;
}

/** The lines that name the page's target, said otherwise to the person it targets. */
const DIRECT = new Set(['paging.message.intro', 'paging.message.sms']);

/**
 * A page as one person reads it, rendered when it is sent (not when it was
 * asked for), so a re-escalation shows the incident as it is now. A shadow
 * is told they are shadowing and need not acknowledge.
 */
export function pageMessage(ctx: RenderContext, page: PageState, incident: IncidentState, delivery: Delivery, ackUrl: string): OutboundMessage {
  if (incident.private) return privatePageMessage(ctx, page, incident, delivery, ackUrl);
  const shadow = toShadow(page, delivery);
  // Paged by name (`!page bob`): the page is for them, not "for Bob Boberson (@bob)".
  const direct = !shadow && page.target.kind === 'person' && page.target.name === delivery.person;
  const as = (key: string) => (shadow ? `${key}_shadow` : direct && DIRECT.has(key) ? `${key}_direct` : key);
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
  const subject = t(ctx, as('paging.message.subject'), facts);
  const contact = ctx.organisation.contact;
  const long = [
    t(ctx, as('paging.message.intro'), { ...facts, person: personLabel(ctx, delivery.person) }),
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
    t(ctx, as('paging.message.ack'), facts),
  ].join('\n\n');
  const text =
    delivery.channel === 'sms' ? t(ctx, as('paging.message.sms'), facts) : delivery.channel === 'voice' ? t(ctx, as('paging.message.voice'), facts) : long;
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
      ...(shadow ? { shadow: true } : {}),
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

/** The in-app page: a line in the incident room naming the person (a shadow is told they need not acknowledge). */
export function chatPageLine(ctx: RenderContext, page: PageState, delivery: Delivery): string {
  const key = toShadow(page, delivery) ? 'paging.message.chat_shadow' : 'paging.message.chat';
  return t(ctx, key, { person: `@${delivery.person}`, page: page.pageId, level: delivery.level + 1, message: page.message });
}
