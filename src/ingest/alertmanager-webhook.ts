import { createHash } from 'node:crypto';
import { z } from 'zod';
import { isAlertSeverity, type AlertSeverity } from '../domain/alert/alert-severity.js';
import type { AlertFacts } from '../domain/alert/commands.js';
import { MAX_DEDUP_KEY, MAX_SUMMARY } from './event-limits.js';
import { fastAlertmanagerWebhook } from './alertmanager-fast-path.js';
import { problemsOf, type Parsed } from './problems.js';

const labels = z.record(z.string(), z.string());

const alertSchema = z.object({
  status: z.enum(['firing', 'resolved']),
  labels,
  annotations: labels.optional(),
  startsAt: z.string().optional(),
  endsAt: z.string().optional(),
  generatorURL: z.string().optional(),
  fingerprint: z.string().optional(),
});

/** Alertmanager's webhook payload, version 4 (`webhook_configs`). */
const webhookSchema = z.object({
  version: z.literal('4'),
  groupKey: z.string().min(1),
  truncatedAlerts: z.number().int().nonnegative().optional(),
  status: z.enum(['firing', 'resolved']),
  receiver: z.string(),
  groupLabels: labels,
  commonLabels: labels,
  commonAnnotations: labels,
  externalURL: z.string(),
  alerts: z.array(alertSchema),
});

export type AlertmanagerWebhook = z.infer<typeof webhookSchema>;

export type AlertmanagerNotification =
  | { readonly action: 'trigger'; readonly dedupKey: string; readonly alert: Omit<AlertFacts, 'service'> }
  | { readonly action: 'resolve'; readonly dedupKey: string };

const MAX_LISTED_ALERTS = 20;

/** Alertmanager's usual severity labels, as PagerDuty severities. */
function severityOf(label: string | undefined): AlertSeverity {
  const value = (label ?? '').toLowerCase();
  if (isAlertSeverity(value)) return value;
  if (value === 'page' || value === 'fatal' || value === 'emergency') return 'critical';
  if (value === 'warn') return 'warning';
  if (value === 'none' || value === 'notice') return 'info';
  return 'error';
}

/**
 * One notification is one alert group of Alertmanager, so its dedup key is the
 * group key (hashed when longer than PagerDuty allows): the group fires, then
 * resolves, as one alert. Its summary never takes part in de-duplication.
 */
export function parseAlertmanagerWebhook(body: unknown): Parsed<AlertmanagerNotification> {
  const fast = fastAlertmanagerWebhook(body);
  return fast ? { ok: true, value: notificationOf(fast) } : parseWithSchema(body);
}

/** The schema's verdict alone: what the fast path falls back to (and is checked against). */
export function parseWithSchema(body: unknown): Parsed<AlertmanagerNotification> {
  const parsed = webhookSchema.safeParse(body);
  if (!parsed.success) return { ok: false, problems: problemsOf(parsed.error, body) };
  return { ok: true, value: notificationOf(parsed.data) };
}

function notificationOf(notification: AlertmanagerWebhook): AlertmanagerNotification {
  const dedupKey =
    notification.groupKey.length <= MAX_DEDUP_KEY ? notification.groupKey : createHash('sha256').update(notification.groupKey).digest('hex');
  if (notification.status === 'resolved') return { action: 'resolve', dedupKey };
  const firing = notification.alerts.filter((alert) => alert.status === 'firing');
  const name = Object.values(notification.groupLabels).join(' ') || notification.receiver;
  const summary = (notification.commonAnnotations.summary ?? `[FIRING:${firing.length}] ${name}`).slice(0, MAX_SUMMARY);
  let source = 'alertmanager';
  try {
    source = new URL(notification.externalURL).host || source;
  } catch {
    // not a URL: keep the default
  }
  return {
    action: 'trigger',
    dedupKey,
    alert: {
      dedupKey,
      summary,
      source,
      severity: severityOf(notification.commonLabels.severity),
      class: notification.groupLabels.alertname ?? notification.commonLabels.alertname,
      details: {
        firing: firing.length,
        resolved: notification.alerts.length - firing.length,
        truncated: notification.truncatedAlerts ?? 0,
        groupLabels: notification.groupLabels,
        commonLabels: notification.commonLabels,
        commonAnnotations: notification.commonAnnotations,
        alerts: notification.alerts.slice(0, MAX_LISTED_ALERTS).map((alert) => ({ status: alert.status, labels: alert.labels, startsAt: alert.startsAt })),
      },
      links: firing.flatMap((alert) => (alert.generatorURL ? [{ href: alert.generatorURL, text: alert.labels.alertname ?? 'source' }] : [])).slice(0, 5),
    },
  };
}
