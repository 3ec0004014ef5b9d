import { readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { toAlertPolicies } from '../../config/alert-policies.js';
import { parseConfig, toOrganisation } from '../../config/load-config.js';
import { translate } from '../../i18n/i18n.js';
import type { Logger, Store } from '../../ports.js';
import { SqliteStore } from '../../store/sqlite/sqlite-store.js';
import { Engine } from '../engine.js';
import { InProcessFeed } from '../live-feed.js';
import { AlertIntake } from './alert-intake.js';
import { loadAlertGroup } from './alert-streams.js';

const config = parseConfig(readFileSync(new URL('../../../config/example.yaml', import.meta.url), 'utf8'), 'example.yaml');
const organisation = toOrganisation(config);
const policies = toAlertPolicies(config);
const api = policies.get('api')!;
const quiet: Logger = { info() {}, warn() {}, error() {}, debug() {} };
const clock = { now: () => new Date() };

const dirs: string[] = [];
const stores: Store[] = [];
afterEach(async () => {
  await Promise.all(stores.splice(0).map((store) => store.close()));
  await Promise.all(dirs.splice(0).map((dir) => rm(dir, { recursive: true, force: true })));
});

/** One server instance: its own store connection, engine and intake, over a shared database file. */
function instance(file: string) {
  const store = new SqliteStore(file);
  stores.push(store);
  const feed = new InProcessFeed();
  const engine = new Engine({ store, clock, organisation, translate, feed, log: quiet });
  const intake = new AlertIntake({ store, clock, organisation, policies, renderContext: (locale) => engine.renderContext(locale), feed, log: quiet });
  return { store, engine, intake };
}

const trigger = (intake: AlertIntake, dedupKey: string, severity: 'critical' | 'error' | 'warning' = 'error') =>
  intake.submit({ kind: 'trigger', at: intake.now(), policy: api, alert: { service: 'api', dedupKey, summary: `alert ${dedupKey}`, source: 'h', severity } });

/** The latest incident the service's alerts opened in its lobby. */
const latestInLobby = async (store: { listIncidents: SqliteStore['listIncidents'] }) => (await store.listIncidents({})).find((row) => row.lobby === api.room);

describe('the alert intake under concurrent writers', () => {
  it('loses nothing when two instances and chat commands write to the same incident at once', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'dont-panic-intake-'));
    dirs.push(dir);
    const file = join(dir, 'store.sqlite');
    const one = instance(file);
    const two = instance(file);
    await trigger(one.intake, 'first');
    const row = await latestInLobby(one.store);

    const outcomes = await Promise.all([
      ...Array.from({ length: 60 }, (_, i) => trigger(i % 2 ? one.intake : two.intake, `k-${i}`)),
      ...Array.from({ length: 10 }, (_, i) => one.engine.postMessage(row!.room, 'carol', `!note note ${i}`)),
      ...Array.from({ length: 10 }, (_, i) => two.engine.postMessage(row!.room, 'dave', `!note more ${i}`)),
    ]);
    expect(outcomes.slice(0, 60).every((outcome) => 'accepted' in outcome && outcome.accepted)).toBe(true);

    const group = await loadAlertGroup(one.store, row!.id);
    expect(group.state.alerts.size).toBe(61);
    const incidents = await one.store.listIncidents({ status: 'open' });
    expect(incidents.filter((incident) => incident.lobby === api.room)).toHaveLength(1);
    const notes = (await one.store.readStream(`incident-${row!.id}`)).filter((event) => event.type === 'note.added');
    expect(notes.map((event) => event.data.n).sort((a, b) => Number(a) - Number(b))).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
  }, 60_000);

  it('opens a new incident for a trigger after a person resolved the last one', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'dont-panic-intake-'));
    dirs.push(dir);
    const { store, engine, intake } = instance(join(dir, 'store.sqlite'));
    await trigger(intake, 'a');
    const first = await latestInLobby(store);
    await engine.postMessage(first!.room, 'carol', '!resolve');
    await trigger(intake, 'a');
    const second = await latestInLobby(store);
    expect(second!.id).not.toBe(first!.id);
    expect(second!.status).toBe('open');
    expect((await loadAlertGroup(store, second!.id)).state.alerts.size).toBe(1);
  });

  it('raises the severity for a more severe alert and pages the IC once it is major', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'dont-panic-intake-'));
    dirs.push(dir);
    const { store, intake } = instance(join(dir, 'store.sqlite'));
    await trigger(intake, 'slow', 'warning');
    const row = await latestInLobby(store);
    expect(row!.severity).toBe(4);
    await trigger(intake, 'down', 'critical');
    await trigger(intake, 'down-too', 'critical');
    expect((await store.getIncident(row!.id))!.severity).toBe(2);
    const types = (await store.readStream(`incident-${row!.id}`)).map((event) => event.type);
    // The first (warning) alert pages the service's own policy; the critical one raises the severity and pages the IC.
    expect(types).toEqual(['incident.declared', 'responders.paged', 'severity.changed', 'commander.paged']);
  });
});
