import type { SeverityMap } from './alert-severity.js';
import type { GroupingRule } from './flood.js';
import type { RateRule } from './rate-limit.js';

/** How one service's alerts are handled, with the organisation's defaults already applied. */
export interface AlertPolicy {
  readonly service: string;
  readonly routingKey: string;
  readonly team: string;
  /** The lobby its incidents are announced in: the service's room, else its team's, else the contact room. */
  readonly room: string;
  /** Its alerts open private incidents. */
  readonly private: boolean;
  readonly severities: SeverityMap;
  readonly grouping: GroupingRule;
  readonly rateLimit: RateRule;
  /** Resolve an incident the alerts opened once all its alerts resolved, while nobody has taken command. */
  readonly autoResolve: boolean;
}
