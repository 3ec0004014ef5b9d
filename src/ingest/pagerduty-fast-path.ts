import { isAlertSeverity } from '../domain/alert/alert-severity.js';
import type { AlertFacts } from '../domain/alert/commands.js';
import { MAX_DEDUP_KEY, MAX_SUMMARY } from './event-limits.js';
import type { PagerDutyEvent } from './pagerduty-event.js';

type Fields = Record<string, unknown>;

const isObject = (value: unknown): value is Fields => typeof value === 'object' && value !== null && !Array.isArray(value);
const optionalString = (value: unknown) => value === undefined || typeof value === 'string';

/**
 * The common, well-formed event checked field by field without building a
 * zod result: the answer when every check passes, `undefined` otherwise, and
 * then the zod schema decides and says what is wrong. It accepts only what
 * that schema accepts and returns exactly what it returns (a spec holds them
 * side by side), so anything unusual (links, images) simply takes the slow path.
 */
export function fastPagerDutyEvent(body: unknown): PagerDutyEvent | undefined {
  if (!isObject(body)) return undefined;
  const { routing_key: routingKey, event_action: action, dedup_key: dedupKey, payload } = body;
  if (typeof routingKey !== 'string' || routingKey.length !== 32) return undefined;
  if (dedupKey !== undefined && (typeof dedupKey !== 'string' || dedupKey.length < 1 || dedupKey.length > MAX_DEDUP_KEY)) return undefined;
  if (body.images !== undefined || body.links !== undefined || !optionalString(body.client) || !optionalString(body.client_url)) return undefined;
  if (action === 'acknowledge' || action === 'resolve') return dedupKey === undefined ? undefined : { action, routingKey, dedupKey };
  if (action !== 'trigger' || dedupKey === undefined || !isObject(payload)) return undefined;
  const { summary, source, severity, timestamp, component, group, custom_details: details } = payload;
  if (typeof summary !== 'string' || summary.length < 1 || summary.length > MAX_SUMMARY) return undefined;
  if (typeof source !== 'string' || source.length < 1 || !isAlertSeverity(severity)) return undefined;
  if (timestamp !== undefined && (typeof timestamp !== 'string' || Number.isNaN(Date.parse(timestamp)))) return undefined;
  if (!optionalString(component) || !optionalString(group) || !optionalString(payload.class)) return undefined;
  if (details !== undefined && !isObject(details)) return undefined;
  // The same fields in the same order as the slow path's, absent ones left out.
  const alert: { -readonly [K in keyof Omit<AlertFacts, 'service'>]: AlertFacts[K] } = { dedupKey, summary, source, severity };
  if (timestamp !== undefined) alert.timestamp = timestamp;
  if (component !== undefined) alert.component = component as string;
  if (group !== undefined) alert.group = group as string;
  if (payload.class !== undefined) alert.class = payload.class as string;
  if (details !== undefined) alert.details = { ...details };
  return { action: 'trigger', routingKey, dedupKey, alert };
}
