import { z } from 'zod';

/**
 * Atlassian Statuspage's public API v2 response shapes, written from its
 * published documentation (every Statuspage page's `/api` reference:
 * summary, status, components, incidents, incidents/unresolved,
 * scheduled-maintenances and its upcoming/active variants). Only the fields
 * and enumerations aggregators rely on; extra fields are allowed, as they are
 * in Statuspage's own answers.
 */
const instant = z.iso.datetime({ offset: true });

export const pageSchema = z.object({
  id: z.string().min(1),
  name: z.string().min(1),
  url: z.url(),
  time_zone: z.string().min(1),
  updated_at: instant,
});

export const statusSchema = z.object({
  indicator: z.enum(['none', 'minor', 'major', 'critical', 'maintenance']),
  description: z.string().min(1),
});

export const componentSchema = z.object({
  id: z.string().min(1),
  name: z.string().min(1),
  status: z.enum(['operational', 'degraded_performance', 'partial_outage', 'major_outage', 'under_maintenance']),
  created_at: instant,
  updated_at: instant,
  position: z.number().int(),
  description: z.string().nullable(),
  showcase: z.boolean(),
  group_id: z.string().nullable(),
  page_id: z.string(),
  group: z.boolean(),
  only_show_if_degraded: z.boolean(),
});

const affectedSchema = z.object({ code: z.string(), name: z.string(), old_status: z.string(), new_status: z.string() });

const updateSchema = <S extends z.ZodType>(status: S) =>
  z.object({
    id: z.string().min(1),
    status,
    body: z.string(),
    incident_id: z.string().min(1),
    created_at: instant,
    updated_at: instant,
    display_at: instant,
    affected_components: z.array(affectedSchema).nullable(),
    deliver_notifications: z.boolean(),
  });

const incidentStatus = z.enum(['investigating', 'identified', 'monitoring', 'resolved', 'postmortem']);

export const incidentSchema = z.object({
  id: z.string().min(1),
  name: z.string().min(1),
  status: incidentStatus,
  created_at: instant,
  updated_at: instant.nullable(),
  monitoring_at: instant.nullable(),
  resolved_at: instant.nullable(),
  impact: z.enum(['none', 'minor', 'major', 'critical']),
  shortlink: z.string(),
  started_at: instant,
  page_id: z.string(),
  incident_updates: z.array(updateSchema(incidentStatus)),
  components: z.array(componentSchema),
});

const maintenanceStatus = z.enum(['scheduled', 'in_progress', 'verifying', 'completed']);

export const maintenanceSchema = incidentSchema.extend({
  status: maintenanceStatus,
  impact: z.enum(['none', 'minor', 'major', 'critical', 'maintenance']),
  incident_updates: z.array(updateSchema(maintenanceStatus)),
  scheduled_for: instant,
  scheduled_until: instant,
});

export const endpointSchemas = {
  'summary.json': z.object({
    page: pageSchema,
    status: statusSchema,
    components: z.array(componentSchema),
    incidents: z.array(incidentSchema),
    scheduled_maintenances: z.array(maintenanceSchema),
  }),
  'status.json': z.object({ page: pageSchema, status: statusSchema }),
  'components.json': z.object({ page: pageSchema, components: z.array(componentSchema) }),
  'incidents.json': z.object({ page: pageSchema, incidents: z.array(incidentSchema) }),
  'incidents/unresolved.json': z.object({ page: pageSchema, incidents: z.array(incidentSchema) }),
  'scheduled-maintenances.json': z.object({ page: pageSchema, scheduled_maintenances: z.array(maintenanceSchema) }),
  'scheduled-maintenances/upcoming.json': z.object({ page: pageSchema, scheduled_maintenances: z.array(maintenanceSchema) }),
  'scheduled-maintenances/active.json': z.object({ page: pageSchema, scheduled_maintenances: z.array(maintenanceSchema) }),
} as const;

export type Endpoint = keyof typeof endpointSchemas;
export const ENDPOINTS = Object.keys(endpointSchemas) as Endpoint[];
