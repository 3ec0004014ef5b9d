import type { AlertPolicy } from '../domain/alert/policy.js';
import type { Config } from './schema.js';

/** The alert policy of every service: its own settings over the `alerts` defaults. */
export function toAlertPolicies(config: Config): Map<string, AlertPolicy> {
  const defaults = config.alerts;
  return new Map(
    Object.entries(config.services).map(([name, service]) => {
      const own = service.alerts ?? {};
      const policy: AlertPolicy = {
        service: name,
        routingKey: service.routingKey,
        team: service.team,
        room: service.room ?? config.teams[service.team]?.room ?? config.contact.chatRoom,
        private: service.private ?? config.teams[service.team]?.private ?? false,
        severities: { ...defaults.severities, ...own.severities } as AlertPolicy['severities'],
        grouping: { windowSeconds: own.groupWindowSeconds ?? defaults.groupWindowSeconds },
        rateLimit: own.rateLimit ?? defaults.rateLimit,
        autoResolve: own.autoResolve ?? defaults.autoResolve,
      };
      return [name, policy];
    }),
  );
}
