import type { FastifyInstance } from 'fastify';
import type { PagingService } from '../../app/paging/paging-service.js';
import { listed, t } from '../../app/render/context.js';
import type { Organisation } from '../../domain/organisation.js';

const ACK_WORDS = new Set(['ack', 'acknowledge', 'ok', 'yes', '1', '确认', '收到']);

const escapeXml = (text: string) => text.replace(/[<>&'"]/g, (char) => `&#${char.charCodeAt(0)};`);

/**
 * Replies to a page by SMS: the provider posts the message here (Twilio's
 * form fields), signed with `X-Twilio-Signature`; "ACK" (or 确认) from a
 * person's number acknowledges their open pages. Answers in TwiML.
 */
export async function inboundSmsRoutes(app: FastifyInstance, paging: PagingService, organisation: Organisation): Promise<void> {
  const inbound = paging.inboundSms!;
  await app.register(async (scope) => {
    scope.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string' }, (_request, body, done) => {
      done(null, Object.fromEntries(new URLSearchParams(String(body))));
    });
    scope.post<{ Body: Record<string, string> }>('/twilio/sms', { logLevel: 'warn', schema: { hide: true } }, async (request, reply) => {
      const params = (request.body ?? {}) as Record<string, string>;
      if (!inbound.verify(String(request.headers['x-twilio-signature'] ?? ''), inbound.url, params)) {
        return reply.status(403).type('text/plain').send('invalid signature');
      }
      const person = paging.personByPhone(String(params.From ?? ''));
      const ctx = paging.renderContext(person ? (organisation.people.get(person)?.locale ?? organisation.defaultLocale) : organisation.defaultLocale);
      let text: string;
      if (!person) text = t(ctx, 'paging.sms_reply.unknown');
      else if (!ACK_WORDS.has(String(params.Body ?? '').trim().toLowerCase())) text = t(ctx, 'paging.sms_reply.help');
      else {
        const acknowledged = await paging.acknowledgeAll(person, 'sms');
        text = acknowledged.length
          ? t(ctx, 'paging.sms_reply.acknowledged', { pages: listed(ctx, acknowledged.map((page) => page.pageId)), room: acknowledged[0].room })
          : t(ctx, 'paging.sms_reply.nothing');
      }
      return reply.type('text/xml').send(`<?xml version="1.0" encoding="UTF-8"?><Response><Message>${escapeXml(text)}</Message></Response>`);
    });
  });
}
