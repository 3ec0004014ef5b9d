/** The `maintenances` stream: every maintenance window, announced ahead and ended on time or early. */
export type MaintenanceScheduled = {
  readonly type: 'maintenance.scheduled';
  readonly at: string;
  readonly actor: string;
  readonly id: number;
  readonly components: readonly string[];
  readonly from: string;
  readonly to: string;
  readonly text: string;
  /** Where it was announced from (a chat room), if anywhere. */
  readonly room?: string;
  /** The configuration's name for it, so restarting with the same config adds nothing. */
  readonly key?: string;
};

/** Ended early by command (before it started, this cancels it). */
export type MaintenanceEnded = { readonly type: 'maintenance.ended'; readonly at: string; readonly actor: string; readonly id: number };

export type MaintenanceEvent = MaintenanceScheduled | MaintenanceEnded;
