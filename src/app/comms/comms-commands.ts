import { splitComponents } from '../../domain/comms/components.js';
import { findGroup } from '../../domain/comms/settings.js';
import type { IncidentCommand } from '../../domain/incident/commands.js';
import type { Intent } from '../../domain/language/intents.js';
import type { Organisation } from '../../domain/organisation.js';
import { findPerson } from '../../domain/people.js';
import { refuse, type Refusal } from '../../domain/refusal.js';

/** `!public on` (`!公告 开启`) opens a private incident's communication; any other text is a draft. */
const OPEN_WORDS: ReadonlySet<string> = new Set(['on', '开启', '打开']);

type CommsIntent = Extract<Intent, { kind: 'update' | 'public' | 'public-title' | 'approve' | 'subscribe' }>;

/** Turns a stakeholder-communication chat command into an incident command, resolving names against the configuration. */
export function commsCommand(organisation: Organisation, intent: CommsIntent, envelope: { at: string; actor: string }): IncidentCommand | Refusal {
  switch (intent.kind) {
    case 'update':
      return { ...envelope, type: 'post-update', text: intent.text };
    case 'public': {
      if (OPEN_WORDS.has(intent.text.trim().toLowerCase())) return { ...envelope, type: 'open-comms' };
      const services = [...organisation.services.keys()];
      const split = splitComponents(intent.text, services);
      if (split.unknown.length > 0) return refuse('public.unknown_components', { given: split.unknown, components: services });
      if (!split.text) return refuse('public.empty');
      return { ...envelope, type: 'draft-public', text: split.text, components: split.components };
    }
    case 'approve':
      return { ...envelope, type: 'approve-public', n: intent.n, ...(intent.anyway ? { anyway: true } : {}) };
    case 'public-title':
      return { ...envelope, type: 'set-public-title', title: intent.title };
    case 'subscribe': {
      const group = findGroup(organisation.comms.stakeholders, intent.target);
      if (group) return { ...envelope, type: 'subscribe', group: group.key };
      const person = findPerson(organisation.people, intent.target);
      if (person) return { ...envelope, type: 'subscribe', person: person.handle };
      return refuse('subscribe.unknown_target', {
        given: intent.target,
        groups: [...organisation.comms.stakeholders.values()].map((entry) => entry.name),
      });
    }
  }
}
