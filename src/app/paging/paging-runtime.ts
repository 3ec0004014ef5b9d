import type { PageChannel } from '../../domain/paging/events.js';
import type { Clock, Notifier } from '../../ports.js';
import type { AckLinks } from './ack-links.js';
import type { ScheduleOverrides } from './schedule-overrides.js';

/** What page jobs need beyond the store: the notifiers configured, by channel, and the ack-link signer. */
export interface PagingRuntime {
  readonly notifiers: ReadonlyMap<Exclude<PageChannel, 'chat'>, Notifier>;
  readonly links: AckLinks;
  readonly clock: Clock;
  /** Overrides added through the API; jobs catch up on them before resolving who is on call. */
  readonly overrides?: ScheduleOverrides;
}
