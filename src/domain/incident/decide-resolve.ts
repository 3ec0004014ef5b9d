import type { Resolve } from './commands.js';
import type { IncidentEvent } from './events.js';
import type { IncidentState } from './state.js';

/**
 * Ending the incident: open tasks become follow-ups (keeping their owners) and
 * are closed, so `!status`, the API and the review agree that nothing is left
 * open. A task carried once is never carried again (reopen, resolve again).
 */
export function decideResolve(state: IncidentState, { at, actor, falseAlarm }: Resolve): IncidentEvent[] {
  const carriedAlready = new Map(state.todos.filter((todo) => todo.fromTask !== undefined).map((todo) => [todo.fromTask!, todo.n]));
  let n = state.todos.length;
  const carried = state.tasks
    .filter((task) => !task.done)
    .flatMap((task): IncidentEvent[] => {
      const existing = carriedAlready.get(task.n);
      if (existing !== undefined) return [{ type: 'task.completed', at, actor, n: task.n, movedTo: existing }];
      n += 1;
      return [
        { type: 'todo.added', at, actor, n, text: task.text, fromTask: task.n, owner: task.owner },
        { type: 'task.completed', at, actor, n: task.n, movedTo: n },
      ];
    });
  return [{ type: 'incident.resolved', at, actor, ...(falseAlarm ? { falseAlarm: true } : {}) }, ...carried];
}
