import { issueToken } from '../app/api-tokens.js';
import { loadOrganisation, openConfiguredStore, type CommonOptions } from './options.js';

export async function token(person: string, options: CommonOptions): Promise<void> {
  const { organisation } = loadOrganisation(options);
  if (!organisation.people.has(person)) {
    process.stderr.write(`Unknown person "${person}". People in ${options.config}: ${[...organisation.people.keys()].join(', ')}\n`);
    process.exit(2);
  }
  const store = await openConfiguredStore(options);
  try {
    process.stdout.write(`${await issueToken(store, { now: () => new Date() }, person)}\n`);
  } finally {
    await store.close();
  }
}
