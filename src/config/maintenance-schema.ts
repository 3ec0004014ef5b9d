import { z } from 'zod';

const instant = z.iso.datetime({ offset: true, message: 'expected an ISO time with its zone, e.g. 2026-12-02T01:00:00Z' });

/**
 * Planned maintenance windows, by name: announced on the status page when the
 * server starts (once: the name is remembered), silencing pages for the
 * services while they run.
 */
export const maintenancesSchema = z
  .record(
    z.string().regex(/^[a-z0-9][a-z0-9_-]{0,63}$/, 'expected a short lowercase name'),
    z.object({ services: z.array(z.string().min(1)).min(1), from: instant, to: instant, text: z.string().min(1).max(500) }).strict(),
  )
  .default({});

export type MaintenancesConfig = z.infer<typeof maintenancesSchema>;

/** Every service a window names exists. */
export function checkMaintenanceServices(
  maintenances: MaintenancesConfig,
  services: ReadonlySet<string>,
  issue: (path: (string | number)[], message: string) => void,
): void {
  for (const [name, window] of Object.entries(maintenances)) {
    window.services.forEach((service, index) => {
      if (!services.has(service)) issue(['maintenances', name, 'services', index], `unknown service "${service}"; services: ${[...services].join(', ')}`);
    });
    if (Date.parse(window.to) <= Date.parse(window.from)) issue(['maintenances', name, 'to'], 'must be after from');
  }
}
