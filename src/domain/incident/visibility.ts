import type { Room } from '../organisation.js';
import type { IncidentState } from './state.js';

/**
 * Who may see a private (security) incident: the security room's members,
 * the people they invited, and anyone holding a role in it. Everyone sees the rest.
 */
export function canSeeIncident(viewer: string, incident: Pick<IncidentState, 'private' | 'invited' | 'roles'>, room: Room | undefined): boolean {
  if (!incident.private) return true;
  const { roles } = incident;
  return (
    (room?.members.includes(viewer) ?? false) ||
    incident.invited.includes(viewer) ||
    roles.commander === viewer ||
    roles.deputy === viewer ||
    roles.scribe === viewer ||
    roles.customer === viewer ||
    roles.internal === viewer ||
    roles.sme.includes(viewer)
  );
}

/** Who may enter a room: anyone for ordinary rooms; for a security room, as for its current incident. */
export function canEnterRoom(viewer: string, room: Room, current: Pick<IncidentState, 'private' | 'invited' | 'roles'> | undefined): boolean {
  if (!room.security) return true;
  return room.members.includes(viewer) || (current !== undefined && canSeeIncident(viewer, current, room));
}
