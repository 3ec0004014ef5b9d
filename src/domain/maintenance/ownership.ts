import type { Organisation } from '../organisation.js';
import { refuse, type Refusal } from '../refusal.js';
import type { MaintenanceWindow } from './window.js';

type Owners = Pick<Organisation, 'teams' | 'services'>;

/** Silencing a service's pages is its owning team's call; the configuration's own windows are the system's. */
export function ownsService(organisation: Owners, actor: string, service: string): boolean {
  if (actor === 'system') return true;
  const team = organisation.teams.get(organisation.services.get(service)?.team ?? '');
  return team?.members.includes(actor) ?? false;
}

function firstForeign(organisation: Owners, actor: string, components: readonly string[]): { service: string; team: string } | undefined {
  const service = components.find((name) => !ownsService(organisation, actor, name));
  return service === undefined ? undefined : { service, team: organisation.services.get(service)?.team ?? '—' };
}

/** Announcing a window: members of the team that owns every service it names. */
export function announceRefusal(organisation: Owners, actor: string, components: readonly string[]): Refusal | undefined {
  const foreign = firstForeign(organisation, actor, components);
  return foreign && refuse('maintenance.not_owner', foreign);
}

/**
 * Ending a window: whoever announced it, or whoever could have (members of the team that owns every
 * service it names), since ending it early wakes those teams' on-call again.
 */
export function endRefusal(organisation: Owners, actor: string, window: Pick<MaintenanceWindow, 'id' | 'by' | 'components'>): Refusal | undefined {
  if (window.by === actor) return undefined;
  const foreign = firstForeign(organisation, actor, window.components);
  return foreign && refuse('maintenance.only_owner_ends', { ...foreign, id: window.id });
}
