import { z } from 'zod';
import type { ChangeFacts } from '../domain/alert/change.js';
import { MAX_SUMMARY } from './event-limits.js';
import { linkSchema } from './pagerduty-event.js';
import { problemsOf, type Parsed } from './problems.js';

const changeSchema = z.object({
  routing_key: z.string().length(32),
  payload: z.object({
    summary: z.string().min(1).max(MAX_SUMMARY),
    source: z.string().optional(),
    timestamp: z.string().refine((value) => !Number.isNaN(Date.parse(value)), { message: 'bad_timestamp' }).optional(),
    custom_details: z.record(z.string(), z.unknown()).optional(),
  }),
  links: z.array(linkSchema).optional(),
});

export interface ChangeEvent {
  readonly routingKey: string;
  readonly change: Omit<ChangeFacts, 'service'>;
}

/** Validates an Events API v2 change event (`/v2/change/enqueue`): a deploy or a configuration change. */
export function parseChangeEvent(body: unknown): Parsed<ChangeEvent> {
  const parsed = changeSchema.safeParse(body);
  if (!parsed.success) return { ok: false, problems: problemsOf(parsed.error, body) };
  const { routing_key, payload, links } = parsed.data;
  const change = Object.fromEntries(
    Object.entries({ summary: payload.summary, source: payload.source, timestamp: payload.timestamp, details: payload.custom_details, links }).filter(
      ([, value]) => value !== undefined,
    ),
  ) as unknown as ChangeEvent['change'];
  return { ok: true, value: { routingKey: routing_key, change } };
}
