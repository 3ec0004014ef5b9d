import { incidentLocale } from '../../domain/incident/rooms.js';
import type { IncidentCommand } from '../../domain/incident/commands.js';
import type { IncidentState } from '../../domain/incident/state.js';
import { isRefusal } from '../../domain/refusal.js';
import { decideAndCommit } from '../commit-loop.js';
import { type Clock, type LiveFeed, type Store } from '../../ports.js';
import { AppError } from '../errors.js';
import { refusalError } from '../refusal-status.js';
import { loadIncident } from '../incidents.js';
import { refusalParams, type RenderContext } from '../render/context.js';
import { decideForCommit } from './incident-decision.js';


/** Runs an incident command that comes from the API (not a chat line), with the engine's read-decide-commit loop. */
export class IncidentCommands {
  constructor(
    private readonly deps: { store: Store; clock: Clock; feed: LiveFeed; renderContext: (locale: string) => RenderContext },
  ) {}

  async run(incidentId: number, build: (at: string) => IncidentCommand, locale: string): Promise<IncidentState> {
    const { store, feed, clock } = this.deps;
    return decideAndCommit({ store, feed }, async () => {
      const loaded = await loadIncident(store, incidentId);
      if (!loaded.state.exists) throw new AppError('error.unknown_incident', 404, { id: incidentId });
      const ctx = this.deps.renderContext(locale);
      const roomLocale = incidentLocale(loaded.state, ctx.organisation);
      const decided = decideForCommit(this.deps.renderContext(roomLocale), loaded, build(clock.now().toISOString()));
      if (isRefusal(decided)) throw refusalError(decided, refusalParams(ctx, decided.params));
      return { commit: decided.commit, result: decided.next };
    }).then((outcome) => outcome.result);
  }
}


