import { z } from 'zod';
import { DEFAULT_SEVERITY_MAP } from '../domain/alert/alert-severity.js';

const severity = z.number().int().min(1, 'expected a severity from 1 to 5').max(5, 'expected a severity from 1 to 5');

const severityMap = z
  .object({ critical: severity, error: severity, warning: severity, info: severity })
  .strict();

const rateLimit = z
  .object({ events: z.number().int().positive(), perSeconds: z.number().positive() })
  .strict();

/** Per-service overrides of the `alerts` defaults. */
export const serviceAlertsSchema = z
  .object({
    severities: severityMap.partial().strict().optional(),
    groupWindowSeconds: z.number().positive().optional(),
    rateLimit: rateLimit.optional(),
    autoResolve: z.boolean().optional(),
  })
  .strict();

const DEFAULTS = {
  severities: { ...DEFAULT_SEVERITY_MAP },
  groupWindowSeconds: 30,
  rateLimit: { events: 600, perSeconds: 60 },
  autoResolve: true,
};

/** Organisation-wide defaults for alerts coming in through `/v2/enqueue` and the Alertmanager webhook. */
export const alertsSchema = z
  .object({
    severities: severityMap.default(DEFAULTS.severities),
    groupWindowSeconds: z.number().positive().default(DEFAULTS.groupWindowSeconds),
    rateLimit: rateLimit.default(DEFAULTS.rateLimit),
    autoResolve: z.boolean().default(DEFAULTS.autoResolve),
  })
  .strict()
  .default(DEFAULTS);

interface AlertRooms {
  rooms: Record<string, unknown>;
  teams: Record<string, { room?: string }>;
  services: Record<string, { room?: string }>;
}

/** Every room a team or service names must be a room of the configuration. */
export function checkAlertRooms(config: AlertRooms, ctx: z.RefinementCtx): void {
  const rooms = Object.keys(config.rooms);
  const check = (room: string | undefined, path: string[]) => {
    if (room !== undefined && !rooms.includes(room)) {
      ctx.addIssue({ code: 'custom', path, message: `unknown room "${room}"; rooms: ${rooms.join(', ')}` });
    }
  };
  for (const [name, team] of Object.entries(config.teams)) check(team.room, ['teams', name, 'room']);
  for (const [name, service] of Object.entries(config.services)) check(service.room, ['services', name, 'room']);
}
