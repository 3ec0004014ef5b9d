import { translate } from '../i18n/i18n.js';
import { loadOrganisation, openConfiguredStore, type CommonOptions } from './options.js';

/** `dont-panic jobs`: the parked jobs (ran out of attempts, or of a kind nobody handles), for a person to look at. */
export async function jobs(options: CommonOptions & { json?: boolean }): Promise<void> {
  const { organisation } = loadOrganisation(options);
  const store = await openConfiguredStore(options);
  try {
    const parked = await store.parkedJobs(1000);
    if (options.json) {
      process.stdout.write(`${JSON.stringify({ parked }, null, 2)}\n`);
      return;
    }
    const t = (key: string, params?: Record<string, string | number>) => translate(organisation.defaultLocale, key, params);
    if (parked.length === 0) {
      process.stdout.write(`${t('jobs.none_parked')}\n`);
      return;
    }
    process.stdout.write(`${t('jobs.parked_header', { count: parked.length })}\n`);
    for (const job of parked) {
      process.stdout.write(`  ${t('jobs.parked_line', { key: job.key, kind: job.kind, attempts: job.attempts, at: job.parkedAt, error: job.lastError })}\n`);
    }
  } finally {
    await store.close();
  }
}
