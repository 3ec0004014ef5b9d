/** Components are service names already checked against the configuration; instants are ISO UTC. */
export type ScheduleMaintenance = {
  readonly type: 'schedule-maintenance';
  readonly at: string;
  readonly actor: string;
  readonly components: readonly string[];
  readonly from: string;
  readonly to: string;
  readonly text: string;
  readonly room?: string;
  readonly key?: string;
};

export type EndMaintenance = { readonly type: 'end-maintenance'; readonly at: string; readonly actor: string; readonly id: number };

export type MaintenanceCommand = ScheduleMaintenance | EndMaintenance;
