import type { NewEvent } from '../../ports.js';

/** Each person's in-app notifications are a stream of their own. */
export const inboxStream = (handle: string): string => `inbox-${handle}`;

export interface InboxItem {
  readonly kind: 'executive-summary' | 'reminder';
  readonly incidentId: number;
  readonly title: string;
  readonly text: string;
}

export function inboxEvent(at: string, item: InboxItem): NewEvent {
  return { type: 'inbox.item', at, actor: 'system', data: { ...item } };
}
