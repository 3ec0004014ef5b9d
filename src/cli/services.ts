import { loadOrganisation, type CommonOptions } from './options.js';

export async function services(options: CommonOptions & { json?: boolean }): Promise<void> {
  const { organisation } = loadOrganisation(options);
  const list = [...organisation.services.values()].map((service) => ({
    name: service.name,
    routingKey: service.routingKey,
    team: service.team,
    description: service.description ?? '',
  }));
  if (options.json) {
    process.stdout.write(`${JSON.stringify(list, null, 2)}\n`);
    return;
  }
  const width = Math.max(4, ...list.map((service) => service.name.length));
  process.stdout.write(`${'NAME'.padEnd(width)}  ROUTING KEY                       TEAM\n`);
  for (const service of list) process.stdout.write(`${service.name.padEnd(width)}  ${service.routingKey}  ${service.team}\n`);
}
