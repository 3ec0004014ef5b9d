import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { idempotencyMarker } from '../../src/notify/sms/twilio-notifier.js';
import { clusterOptions, PagingSinks, settledPages, type PageRow } from '../support/paging-cluster.js';
import { ServerProcess } from '../support/server-process.js';

const ALICE = '+447700900001';

/**
 * Twilio keeps no idempotency key on Messages. The server is killed while
 * Twilio has taken alice's SMS but not yet answered: after the restart, the
 * delivery's earlier attempt has no outcome, so the retry asks Twilio first,
 * finds the message by its marker among those sent to alice since, and does
 * not send it again — the page records its SID and does not say "may have
 * gone out twice". Counted at Twilio.
 */
describe('a crash in the middle of an SMS to Twilio, one instance on SQLite', () => {
  let sinks: PagingSinks;
  let server: ServerProcess;

  beforeAll(async () => {
    sinks = await PagingSinks.start({ twilio: true });
    sinks.twilio!.holdNextTo = ALICE;
    server = await ServerProcess.start(
      clusterOptions('sqlite', sinks, 10, (config) => {
        // Alice alone, by SMS only, once.
        config.people.alice.contacts = [{ type: 'sms', number: '+44 7700 900001' }];
        config.escalationPolicies['incident-command'].repeat = 0;
        config.escalationPolicies['incident-command'].levels = [{ targets: [{ schedule: 'ic-primary' }], ackTimeoutMinutes: 0.05 }];
      }),
    );
  }, 60_000);
  afterAll(async () => {
    await server?.stop();
    await sinks?.stop();
  });

  it('sends the SMS once and records its SID', async () => {
    const token = await server.token('carol');
    const page = await server.say('incident-chat', '!ic page checkout is down', token);
    expect(page.status).toBe(200);
    const id = page.body.incident.id;
    const held = await sinks.twilio!.waitFor((message) => message.to === ALICE, 20_000);
    await server.kill('SIGKILL');
    await server.start();

    // The retry waits until the cut call has surely ended (Twilio's 30 s timeout), then asks before sending.
    const rows: PageRow[] = await settledPages(server, token, [id], 90_000);
    const sms = rows.filter((row) => row.channel === 'sms');
    expect(sms.map((row) => [row.person, row.status, row.calls, row.mayHaveRepeated])).toEqual([['alice', 'sent', 2, false]]);
    const pages = (await server.request('GET', `/api/v1/incidents/${id}/pages`, { token })).body.pages;
    expect(pages.find((row: PageRow) => row.channel === 'sms').idempotencyKey).toBe(sms[0].idempotencyKey);
    expect(sinks.twilio!.requests.filter((request) => request.kind === 'sms')).toEqual([
      { kind: 'sms', to: ALICE, from: '+15550100100', body: held.body },
    ]);
    expect(held.body.endsWith(idempotencyMarker(sms[0].idempotencyKey))).toBe(true);
    expect(sinks.twilio!.lookups.filter((lookup) => lookup.startsWith(`list To=${ALICE}&`))).toHaveLength(1);
    sinks.expectEachDeliveredOnce(rows);

    // The outcome on the page's stream keeps the message's SID.
    const exported = await server.cli('export');
    const delivered = exported.stdout
      .split('\n')
      .filter(Boolean)
      .map((line) => JSON.parse(line))
      .find((record) => record.table === 'event' && record.type === 'page.delivered' && record.data.channel === 'sms');
    expect(delivered.data.providerId).toBe(held.sid);
    expect(delivered.data.mayHaveRepeated).toBeUndefined();
  }, 150_000);
});
