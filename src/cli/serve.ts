import { setFlagsFromString } from 'node:v8';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { AlertIntake } from '../app/alerts/alert-intake.js';
import { alertDigest } from '../app/alerts/alert-digest-job.js';
import { alertStatusSections, stillFiringNote } from '../app/alerts/alert-status.js';
import { Engine } from '../app/engine.js';
import { JobRunner, wakeOnSchedule } from '../app/job-runner.js';
import { handoverReminder } from '../app/jobs/handover-reminder.js';
import { statusStalk } from '../app/jobs/status-stalk.js';
import { timeCall } from '../app/jobs/time-call.js';
import { InProcessFeed } from '../app/live-feed.js';
import { maintenanceNotice, maintenanceOver, maintenanceStarted } from '../app/maintenance/maintenance-jobs.js';
import { MaintenanceCalendar } from '../app/maintenance/maintenance-stream.js';
import { Maintenances } from '../app/maintenance/maintenances.js';
import { CalendarTokens } from '../app/calendar/calendar-tokens.js';
import { isRefusal } from '../domain/refusal.js';
import { toAlertPolicies } from '../config/alert-policies.js';
import { translate } from '../i18n/i18n.js';
import { Registry } from 'prom-client';
import { timeCommits } from '../http/metrics.js';
import { buildServer } from '../http/server.js';
import type { Clock } from '../ports.js';
import { setUpComms } from './comms-setup.js';
import { serverLog } from './logger.js';
import { loadOrganisation, openConfiguredStore, UsageError, type CommonOptions } from './options.js';
import { setUpPaging } from './paging-setup.js';

export interface ServeOptions extends CommonOptions {
  port: string;
  host: string;
}

const systemClock: Clock = { now: () => new Date() };

function packageVersion(): string {
  return JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')).version;
}

/** V8's default, which `bin/dont-panic.js` holds back while the process starts (see there). */
function youngGenerationMayGrow(): void {
  setFlagsFromString('--semi-space-growth-factor=2');
}

/** The composition root: config, store, engine, timers and the HTTP server in one process. */
export async function serve(options: ServeOptions): Promise<void> {
  const log = serverLog();
  const { config, organisation } = loadOrganisation(options);
  const store = await openConfiguredStore(options);
  const registry = new Registry();
  timeCommits(store, registry);
  // The runner hears of every job a commit here schedules (declared later: it needs the engine and the handlers).
  let runner: JobRunner | undefined;
  wakeOnSchedule(store, () => runner);
  const feed = new InProcessFeed();
  const slackConfig = config.slack;
  const chatNotifiers = slackConfig
    ? [
        new (await import('../notify/slack/slack-notifier.js')).SlackNotifier({
          botToken: slackConfig.botToken,
          apiUrl: slackConfig.apiUrl,
          acknowledgeLabel: (locale) => translate(locale, 'slack.button.acknowledge'),
        }),
      ]
    : [];
  const paging = await setUpPaging({ config, dataDir: options.data, store, clock: systemClock, organisation, translate, feed, chatNotifiers });
  const maintenance = new Maintenances({
    store,
    feed,
    clock: systemClock,
    organisation,
    renderContext: (locale) => engine.renderContext(locale),
  });
  const maintenanceCalendar = new MaintenanceCalendar({ store, feed, clock: systemClock });
  const engine = new Engine({
    store,
    clock: systemClock,
    organisation,
    translate,
    feed,
    log,
    paging: paging.service,
    maintenance,
    statusSections: (ctx, incidentId) => alertStatusSections(store, ctx, incidentId),
    resolveNotes: (ctx, incidentId) => stillFiringNote(store, ctx, incidentId),
  });
  const intake = new AlertIntake({
    store,
    clock: systemClock,
    organisation,
    policies: toAlertPolicies(config),
    renderContext: (locale) => engine.renderContext(locale),
    feed,
    log,
    maintenanceWindows: () => maintenanceCalendar.windows(),
  });
  const comms = setUpComms({
    config,
    organisation,
    store,
    feed,
    clock: systemClock,
    log,
    translate,
    dataDir: resolve(options.data),
    configFile: resolve(options.config),
    host: options.host,
    renderContext: (locale) => engine.renderContext(locale),
  });
  // Loaded only when configured: Bolt and the Slack clients are large.
  const slack = config.slack
    ? new (await import('../chat/slack/slack-adapter.js')).SlackAdapter({
        config: config.slack,
        slackIds: Object.fromEntries(Object.entries(config.people).map(([handle, person]) => [handle, person.slackId])),
        entry: engine,
        store,
        feed,
        clock: systemClock,
        log,
        organisation,
        translate,
      })
    : undefined;
  runner = new JobRunner(
    { store, clock: systemClock, feed, log, context: { store, organisation, renderContext: (locale) => engine.renderContext(locale), paging: paging.runtime } },
    [statusStalk, timeCall, handoverReminder, ...paging.handlers, ...comms.jobs, alertDigest, maintenanceStarted, maintenanceOver, maintenanceNotice(comms.http.statusPage.subscriptions), ...(slack?.jobs ?? [])],
    {
      pollMs: Number(process.env.DONT_PANIC_JOB_POLL_MS ?? 1000),
      leaseMs: Number(process.env.DONT_PANIC_JOB_LEASE_MS ?? 30_000),
      concurrency: config.jobs.concurrency,
    },
  );
  await comms.start();
  for (const [key, window] of Object.entries(config.maintenances)) {
    const outcome = await maintenance.schedule({ components: window.services, from: window.from, to: window.to, text: window.text, actor: 'system', key });
    if (isRefusal(outcome)) log.warn({ maintenance: key, refusal: outcome.code }, 'maintenance window of the configuration not announced');
  }
  const app = await buildServer({ engine, store, feed, translate, logger: log, version: packageVersion(), comms: comms.http,
    paging: paging.service,
    intake,
    maintenance,
    calendar: {
      organisation,
      tokens: new CalendarTokens({ store, clock: systemClock }),
      renderContext: (locale) => engine.renderContext(locale),
      refreshOverrides: async () => paging.service?.overrides?.refresh(),
    },
    metrics: { registry, jobs: { running: () => runner?.running ?? 0, stats: (now) => store.jobStats(now) } },
  });

  const shutdown = async (signal: string) => {
    log.info({ signal }, 'shutting down');
    await app.close();
    await slack?.stop();
    await intake.close();
    await runner?.stop();
    await comms.stop();
    paging.close();
    await store.close();
    process.exit(0);
  };
  process.once('SIGTERM', () => void shutdown('SIGTERM'));
  process.once('SIGINT', () => void shutdown('SIGINT'));

  try {
    await app.listen({ port: Number(options.port), host: options.host });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code !== 'EADDRINUSE' && code !== 'EACCES' && code !== 'EADDRNOTAVAIL') throw error;
    await app.close();
    await store.close();
    throw new UsageError(
      code === 'EADDRINUSE'
        ? `Port ${options.port} on ${options.host} is already in use: stop what is listening there, or start with another --port.`
        : code === 'EACCES'
          ? `Port ${options.port} on ${options.host} needs more privileges than this user has: use a port above 1023 (e.g. --port 8080).`
          : `${options.host} is not an address of this machine: use --host 127.0.0.1, or 0.0.0.0 for every interface.`,
    );
  }
  youngGenerationMayGrow();
  runner.start();
  if (slack) {
    try {
      await slack.start();
    } catch (error) {
      log.error({ err: error }, 'Slack did not connect: check the slack block of the config (tokens, apiUrl)');
    }
  }
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : Number(options.port);
  log.info({ port, store: store.kind, organisation: organisation.name, ready: true }, `Don't Panic is serving ${organisation.name} on http://${options.host}:${port}`);
}
