/** A maintenance window: the named services are worked on from `from` to `to` (ISO instants, UTC). */
export interface MaintenanceWindow {
  readonly id: number;
  readonly components: readonly string[];
  readonly from: string;
  readonly to: string;
  readonly text: string;
  readonly by: string;
  readonly scheduledAt: string;
  /** Set when it was ended early (or cancelled before it started). */
  readonly endedAt?: string;
  /** The configuration's name for it, when it came from the config file. */
  readonly key?: string;
}

export type MaintenancePhase = 'scheduled' | 'in_progress' | 'completed';

/** Where a window stands at `now`: it ends on time, or earlier when ended by command. */
export function phaseAt(window: MaintenanceWindow, now: Date | number): MaintenancePhase {
  const instant = typeof now === 'number' ? now : now.getTime();
  if (window.endedAt && Date.parse(window.endedAt) <= instant) return 'completed';
  if (instant < Date.parse(window.from)) return 'scheduled';
  if (instant < Date.parse(window.to)) return 'in_progress';
  return 'completed';
}

/** When the window stopped or will stop silencing pages. */
export function endOf(window: MaintenanceWindow): string {
  return window.endedAt && window.endedAt < window.to ? window.endedAt : window.to;
}

/**
 * The window that silences paging for `service` at `now`, if any: alerts are
 * still recorded, but nobody is paged for them. Called where the alert path
 * would request a page.
 */
export function maintenanceFor(windows: Iterable<MaintenanceWindow>, service: string, now: Date | number): MaintenanceWindow | undefined {
  for (const window of windows) {
    if (window.components.includes(service) && phaseAt(window, now) === 'in_progress') return window;
  }
  return undefined;
}
