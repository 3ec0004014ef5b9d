import type { Severity } from '../incident/severity.js';

/** The severities a monitoring event carries (PagerDuty Common Event Format). */
export const ALERT_SEVERITIES = ['critical', 'error', 'warning', 'info'] as const;
export type AlertSeverity = (typeof ALERT_SEVERITIES)[number];

/** How a service turns an alert's severity into an incident severity, e.g. critical → SEV-2. */
export type SeverityMap = Readonly<Record<AlertSeverity, Severity>>;

export const DEFAULT_SEVERITY_MAP: SeverityMap = { critical: 2, error: 3, warning: 4, info: 5 };

export function isAlertSeverity(value: unknown): value is AlertSeverity {
  return (ALERT_SEVERITIES as readonly unknown[]).includes(value);
}
