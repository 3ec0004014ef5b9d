import type { Room } from '../organisation.js';
import type { IncidentState } from './state.js';

type Membership = Pick<IncidentState, 'private' | 'invited' | 'roles' | 'lobby' | 'declaredBy' | 'pages' | 'pagedPeople' | 'tasks' | 'todos' | 'subteams'>;

/**
 * Who may see a private incident: whoever declared it, the members of its
 * private lobby, the people invited, role holders, whoever was paged for it
 * (a page grants access: whoever is woken for an incident can read it), and
 * whoever was given its work: a task, a follow-up, a sub-team to lead.
 * Everyone sees the rest. Every view, list, feed and API asks this one question.
 */
export function canSeeIncident(viewer: string, incident: Membership, lobbies: ReadonlyMap<string, Room>): boolean {
  if (!incident.private) return true;
  const { roles } = incident;
  const lobby = lobbies.get(incident.lobby);
  return (
    incident.declaredBy === viewer ||
    (lobby?.security === true && lobby.members.includes(viewer)) ||
    incident.invited.includes(viewer) ||
    roles.commander === viewer ||
    roles.deputy === viewer ||
    roles.scribe === viewer ||
    roles.customer === viewer ||
    roles.internal === viewer ||
    roles.sme.includes(viewer) ||
    incident.pages.some((page) => page.primary === viewer || page.backup === viewer || page.shadows.includes(viewer)) ||
    incident.pagedPeople.includes(viewer) ||
    incident.tasks.some((task) => task.owner === viewer) ||
    incident.todos.some((todo) => todo.owner === viewer) ||
    incident.subteams.some((team) => team.lead === viewer)
  );
}
