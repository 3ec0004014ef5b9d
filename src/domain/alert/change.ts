import type { AlertLink } from './commands.js';

/** A deploy or configuration change a service reported: context for responders, never an alert. */
export interface ChangeFacts {
  readonly service: string;
  readonly summary: string;
  readonly source?: string;
  readonly timestamp?: string;
  readonly details?: Readonly<Record<string, unknown>>;
  readonly links?: readonly AlertLink[];
}

export type ChangeRecorded = { readonly type: 'change.recorded'; readonly at: string; readonly actor: string } & ChangeFacts;
