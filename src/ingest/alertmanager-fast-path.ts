import type { AlertmanagerWebhook } from './alertmanager-webhook.js';

type Fields = Record<string, unknown>;

const isObject = (value: unknown): value is Fields => typeof value === 'object' && value !== null && !Array.isArray(value);
const optionalString = (value: unknown) => value === undefined || typeof value === 'string';
const isStatus = (value: unknown) => value === 'firing' || value === 'resolved';

function isLabels(value: unknown): boolean {
  if (!isObject(value)) return false;
  for (const key in value) if (typeof value[key] !== 'string') return false;
  return true;
}

function isAlert(value: unknown): boolean {
  if (!isObject(value) || !isStatus(value.status) || !isLabels(value.labels)) return false;
  if (value.annotations !== undefined && !isLabels(value.annotations)) return false;
  return optionalString(value.startsAt) && optionalString(value.endsAt) && optionalString(value.generatorURL) && optionalString(value.fingerprint);
}

/**
 * A well-formed webhook (version 4) checked field by field without building a
 * zod result; `undefined` otherwise, and then the zod schema decides and says
 * what is wrong. It accepts only what that schema accepts (a spec holds them
 * side by side), and the parser reads only the schema's fields from it.
 */
export function fastAlertmanagerWebhook(body: unknown): AlertmanagerWebhook | undefined {
  if (!isObject(body) || body.version !== '4' || typeof body.groupKey !== 'string' || body.groupKey.length < 1) return undefined;
  const { truncatedAlerts: truncated } = body;
  if (truncated !== undefined && !(typeof truncated === 'number' && Number.isInteger(truncated) && truncated >= 0)) return undefined;
  if (!isStatus(body.status) || typeof body.receiver !== 'string' || typeof body.externalURL !== 'string') return undefined;
  if (!isLabels(body.groupLabels) || !isLabels(body.commonLabels) || !isLabels(body.commonAnnotations)) return undefined;
  if (!Array.isArray(body.alerts) || !body.alerts.every(isAlert)) return undefined;
  return body as unknown as AlertmanagerWebhook;
}
