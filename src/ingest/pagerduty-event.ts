import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { ALERT_SEVERITIES } from '../domain/alert/alert-severity.js';
import type { AlertFacts, AlertImage, AlertLink } from '../domain/alert/commands.js';
import type { MessageParam } from '../domain/refusal.js';
import { MAX_DEDUP_KEY, MAX_SUMMARY } from './event-limits.js';
import { fastPagerDutyEvent } from './pagerduty-fast-path.js';
import { problemsOf, type Parsed } from './problems.js';

const timestamp = z.string().refine((value) => !Number.isNaN(Date.parse(value)), { message: 'bad_timestamp' });

export const linkSchema = z.object({ href: z.string().min(1), text: z.string().optional() });
const imageSchema = z.object({ src: z.string().min(1), href: z.string().optional(), alt: z.string().optional() });

const payloadSchema = z.object({
  summary: z.string().min(1).max(MAX_SUMMARY),
  source: z.string().min(1),
  severity: z.enum(ALERT_SEVERITIES),
  timestamp: timestamp.optional(),
  component: z.string().optional(),
  group: z.string().optional(),
  class: z.string().optional(),
  custom_details: z.record(z.string(), z.unknown()).optional(),
});

/** The Events API v2 alert event. Unknown fields are ignored, as PagerDuty ignores them (Alertmanager sends `client`). */
const eventSchema = z
  .object({
    routing_key: z.string().length(32),
    event_action: z.enum(['trigger', 'acknowledge', 'resolve']),
    dedup_key: z.string().min(1).max(MAX_DEDUP_KEY).optional(),
    payload: z.unknown().optional(),
    images: z.array(imageSchema).optional(),
    links: z.array(linkSchema).optional(),
    client: z.string().optional(),
    client_url: z.string().optional(),
  })
  .superRefine((event, ctx) => {
    if (event.event_action !== 'trigger' && event.dedup_key === undefined) {
      ctx.addIssue({ code: 'custom', path: ['dedup_key'], message: 'dedup_key_required', params: { action: event.event_action } });
    }
  });

export type PagerDutyEvent =
  | { readonly action: 'trigger'; readonly routingKey: string; readonly dedupKey: string; readonly alert: Omit<AlertFacts, 'service'> }
  | { readonly action: 'acknowledge' | 'resolve'; readonly routingKey: string; readonly dedupKey: string };

function compact<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, field]) => field !== undefined)) as T;
}

/** Validates an Events API v2 body. A trigger without `dedup_key` gets a new one, as PagerDuty does. */
export function parsePagerDutyEvent(body: unknown): Parsed<PagerDutyEvent> {
  const fast = fastPagerDutyEvent(body);
  return fast ? { ok: true, value: fast } : parseWithSchema(body);
}

/** The schema's verdict, with every problem named: what the fast path falls back to. */
export function parseWithSchema(body: unknown): Parsed<PagerDutyEvent> {
  const parsed = eventSchema.safeParse(body);
  if (!parsed.success) return { ok: false, problems: problemsOf(parsed.error, body) };
  const event = parsed.data;
  if (event.event_action !== 'trigger') {
    return { ok: true, value: { action: event.event_action, routingKey: event.routing_key, dedupKey: event.dedup_key! } };
  }
  const payload = payloadSchema.safeParse(event.payload);
  if (!payload.success) {
    if (event.payload === undefined || event.payload === null) return { ok: false, problems: [{ key: 'missing', params: { field: 'payload' } }] };
    const problems = problemsOf(payload.error, event.payload);
    return { ok: false, problems: problems.map((problem) => ({ ...problem, params: { ...problem.params, field: prefixed(problem.params?.field) } })) };
  }
  const { summary, source, severity, timestamp: at, component, group, custom_details } = payload.data;
  const alert = compact({
    dedupKey: event.dedup_key ?? randomUUID(),
    summary,
    source,
    severity,
    timestamp: at,
    component,
    group,
    class: payload.data.class,
    details: custom_details,
    links: event.links as AlertLink[] | undefined,
    images: event.images as AlertImage[] | undefined,
  });
  return { ok: true, value: { action: 'trigger', routingKey: event.routing_key, dedupKey: alert.dedupKey, alert } };
}

/** A payload problem's field named from the top of the event ("payload.summary"). */
function prefixed(field: MessageParam | undefined): string {
  return typeof field !== 'string' || field === 'event' ? 'payload' : `payload.${field}`;
}
