import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { ROOT, ServerProcess } from '../support/server-process.js';
import { SmtpSink } from '../support/smtp-sink.js';
import { WebhookSink } from '../support/webhook-sink.js';
import { pagingConfig, WEBHOOK_SECRET } from '../support/paging-config.js';
import { until } from '../support/until.js';

const run = promisify(execFile);
const texts = (result: { body: { replies: { text: string }[] } }) => result.body.replies.map((reply) => reply.text).join('\n');

async function check(edit: (config: Record<string, any>) => void, ...flags: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const dir = mkdtempSync(join(tmpdir(), 'dont-panic-check-'));
  const config = parse(readFileSync(join(ROOT, 'config/example.yaml'), 'utf8'));
  edit(config);
  writeFileSync(join(dir, 'config.yaml'), stringify(config));
  try {
    const { stdout, stderr } = await run(process.execPath, [join(ROOT, 'bin/dont-panic.js'), 'check', ...flags, '--config', join(dir, 'config.yaml'), '--data', dir], { cwd: ROOT });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
}

describe('dont-panic check rejects bad on-call data by path, and reports readiness', { timeout: 90_000 }, () => {
  it('rejects overlapping layers', async () => {
    const result = await check((config) => {
      config.schedules['web-oncall'].layers[0].restrictions[0].to = '19:00';
    });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('schedules.web-oncall.layers[1]: overlaps layer "office-hours"');
  });

  it('rejects an unknown person, schedule or policy in escalation policies', async () => {
    const result = await check((config) => {
      config.escalationPolicies['incident-command'].levels[1].targets[0] = { person: 'zed' };
      config.escalationPolicies.platform.levels[1].targets[0] = { schedule: 'nights' };
      config.teams.web.escalationPolicy = 'web-policy';
    });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('escalationPolicies.incident-command.levels[1].targets[0].person: unknown person "zed"');
    expect(result.stderr).toContain('escalationPolicies.platform.levels[1].targets[0].schedule: unknown schedule "nights"');
    expect(result.stderr).toContain('teams.web.escalationPolicy: unknown escalation policy "web-policy"');
  });

  it('rejects a malformed handoff time, and an override for an unknown person', async () => {
    const malformed = await check((config) => {
      config.schedules['ic-primary'].layers[0].handoff = '9am';
    });
    expect(malformed.code).toBe(1);
    expect(malformed.stderr).toContain('schedules.ic-primary.layers[0].handoff: expected a local time such as "09:00"');
    const unknown = await check((config) => {
      config.schedules['data-oncall'].overrides[0].person = 'nobody';
    });
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toContain('schedules.data-oncall.overrides[0].person: unknown person "nobody"');
  });

  it('reports gaps, empty policy levels and people nobody can reach (exit code 2 with --strict)', async () => {
    const result = await check((config) => {
      config.schedules['data-oncall'].layers[0].start = '2099-01-05';
      delete config.notifications;
    }, '--strict');
    expect(result.code).toBe(2);
    expect(result.stdout).toContain('is valid');
    expect(result.stdout).toMatch(/schedule data-oncall has nobody on call from \S+ to \S+/);
    expect(result.stdout).toMatch(/escalation policy team:data level 1 pages nobody from/);
    expect(result.stdout).toMatch(/\w+ is on call \(schedule ic-primary, from \S+\) with no contact method a configured notifier reaches/);
  });

  it('passes the example organisation once a mail server is configured, and only warns without one', async () => {
    const withMail = await check((config) => {
      config.notifications = { email: { host: '127.0.0.1', port: 1025, from: 'Pager <pager@example.com>' } };
    }, '--strict');
    expect(withMail.code).toBe(0);
    expect(withMail.stdout).toContain('On-call readiness: nothing would make a page fail in the next 14 days.');
    const example = await check(() => undefined);
    expect(example.code).toBe(0);
    expect(example.stdout).toMatch(/\w+ is on call \(schedule ic-primary, from \S+\) with no contact method a configured notifier reaches/);
  });
});

describe('when paging cannot get through', { timeout: 90_000 }, () => {
  it('lists the ICs’ phone numbers when no channel reaches them', async () => {
    const server = await ServerProcess.start({
      config: (config) => {
        delete config.notifications;
        config.schedules['ic-primary'].layers[0].people = ['alice'];
        config.schedules['ic-backup'].layers[0].people = ['bob'];
      },
    });
    try {
      const token = await server.token('carol');
      const page = await server.say('incident-chat', '!ic page db is down', token);
      expect(texts(page)).toContain('No configured paging channel can reach them, so call them now: Alice Anderson (@alice): +44 7700 900001 · Bob Boberson (@bob): +1 202 555 0102.');
      const zh = await server.say('incident-chat-zh', '!指挥官 呼叫', token);
      expect(texts(zh)).toContain('没有已配置的呼叫渠道能联系到他们，请立即致电：Alice Anderson (@alice)，电话 +44 7700 900001');
      const readiness = await server.request('GET', '/api/v1/oncall/readiness', { token });
      expect(readiness.body.ready).toBe(false);
      expect(readiness.body.problems).toContainEqual(expect.objectContaining({ kind: 'unreachable', person: 'alice' }));
    } finally {
      await server.stop();
    }
  });

  describe('with the mail server down', () => {
    let server: ServerProcess;
    let carol: string;

    beforeAll(async () => {
      // A mail server that was there and is gone: its port refuses connections.
      const gone = await SmtpSink.start();
      await gone.stop();
      server = await ServerProcess.start({ config: pagingConfig({ smtp: gone }, 5) });
      carol = await server.token('carol');
    });
    afterAll(async () => {
      await server?.stop();
    });

    it('tells the room once, at the first failure, that mei could not be reached by email and is retried, with her phone', async () => {
      const en = await server.say('incident-chat', '!page mei db help', carol);
      const zh = await server.say('incident-chat-zh', '!呼叫 mei 数据库求助', carol);
      const rows = (id: number) => server.request('GET', `/api/v1/incidents/${id}/pages`, { token: carol }).then((result) => result.body.pages as any[]);
      const lines = (room: string) => server.request('GET', `/api/v1/rooms/${room}/messages`, { token: carol }).then((result) => result.body.messages.map((message: { text: string }) => message.text) as string[]);
      for (const page of [en, zh]) {
        // The second attempt (5 s after the first) has failed too: the room heard of the first only.
        const retried = await until(async () => (await rows(page.body.incident.id)).find((row) => row.person === 'mei' && row.channel === 'email' && row.attempts >= 2), 'a second failed attempt');
        expect(retried).toMatchObject({ status: 'retrying', error: expect.stringContaining('ECONNREFUSED') });
      }
      const said = (await lines(en.body.incident.room)).filter((line) => line.includes('could not reach'));
      expect(said).toHaveLength(1);
      expect(said[0]).toMatch(new RegExp(`^Page ${en.body.incident.id}-1 could not reach 王美 \\(@mei\\) by email \\(connect ECONNREFUSED [^)]*\\); retrying up to 4 more times over the next 75 s\\. If it cannot wait, call them: \\+86 138 0013 8001\\.$`));
      const zhSaid = (await lines(zh.body.incident.room)).filter((line) => line.includes('无法通过'));
      expect(zhSaid).toHaveLength(1);
      expect(zhSaid[0]).toMatch(new RegExp(`^呼叫 ${zh.body.incident.id}-1 暂时无法通过邮件联系到王美 \\(@mei\\)（connect ECONNREFUSED [^）]*）；将在接下来的 75 秒内再重试最多 4 次。如情况紧急，请直接致电：\\+86 138 0013 8001。$`));
      // Her address is in neither the room nor the server's log.
      expect([...said, ...zhSaid].join('\n')).not.toContain('mei@example.com');
      expect(server.logs.join('\n')).not.toContain('mei@example.com');
    });
  });

  describe('with a mail server that refuses one address and a webhook receiver that is down at first', () => {
    let smtp: SmtpSink;
    let webhook: WebhookSink;
    let server: ServerProcess;
    let carol: string;

    beforeAll(async () => {
      smtp = await SmtpSink.start({ rejectRecipients: /^alice@/ });
      webhook = await WebhookSink.start(WEBHOOK_SECRET);
      webhook.failWith = 503;
      server = await ServerProcess.start({
        config: (config) => {
          pagingConfig({ smtp, webhook }, 5)(config);
          config.paging.ackLinkHours = 2 / 3600;
        },
      });
      carol = await server.token('carol');
    });
    afterAll(async () => {
      await server?.stop();
      await Promise.all([smtp?.stop(), webhook?.stop()]);
    });

    it('tells the room whom to phone when an address is refused, and retries a webhook with backoff until it lands', async () => {
      const page = await server.say('incident-chat', '!ic page payments failing', carol);
      const id = page.body.incident.id;
      const pages = () => server.request('GET', `/api/v1/incidents/${id}/pages`, { token: carol }).then((result) => result.body.pages as any[]);
      const refused = await until(async () => (await pages()).find((row) => row.person === 'alice' && row.channel === 'email' && row.status === 'failed'), 'alice’s refused email');
      expect(refused.error).toContain('550');
      expect(refused.attempts).toBe(1);
      const room = await server.request('GET', `/api/v1/rooms/${page.body.incident.room}/messages`, { token: carol });
      const told = room.body.messages.map((message: { text: string }) => message.text).find((text: string) => text.startsWith(`Page ${id}-1 could not reach Alice Anderson (@alice) by email after 1 try; last error: SMTP 550`));
      expect(told).toMatch(/\. Call them: \+44 7700 900001\.$/);
      await until(async () => ((await pages()).find((row) => row.person === 'bob' && row.channel === 'webhook' && row.status === 'retrying') ? true : undefined), 'a webhook retry');
      webhook.failWith = undefined;
      const landed = await until(async () => (await pages()).find((row) => row.person === 'bob' && row.channel === 'webhook' && row.status === 'sent'), 'the retried webhook');
      expect(landed.attempts).toBe(2);
      expect(webhook.received.filter((hook) => hook.idempotencyKey === landed.idempotencyKey)).toHaveLength(1);
      const timeline = await server.request('GET', `/api/v1/incidents/${id}/pages/why?person=bob`, { token: carol });
      expect(timeline.body.pages[0].levels[0].deliveries).toContainEqual(expect.objectContaining({ channel: 'webhook', status: 'sent', attempts: 2 }));
      // The delivery that will not happen is parked, for `dont-panic jobs` and /metrics.
      const jobs = await server.cli('jobs', '--json');
      expect(JSON.parse(jobs.stdout).parked).toContainEqual(expect.objectContaining({ kind: 'page-deliver', key: refused.idempotencyKey, lastError: expect.stringContaining('550') }));
      expect((await server.cli('jobs')).stdout).toContain(`${refused.idempotencyKey} (page-deliver): 1 try, parked`);
      const metrics = await server.request('GET', '/metrics');
      expect(metrics.body).toMatch(/^dont_panic_jobs_parked 1$/m);
      expect(metrics.body).toMatch(/^dont_panic_delivery_failures_total\{channel="email",retry="no"\} 1$/m);

    });

    it('cancels the pages of a resolved incident; refuses an expired ack link and changes nothing', async () => {
      const resolved = await server.say('incident-chat', '!resolve', carol);
      const previous = resolved.body.incident.id;
      await until(async () => {
        const rows = (await server.request('GET', `/api/v1/incidents/${previous}/pages`, { token: carol })).body.pages;
        return rows.length > 0 && rows.every((row: { pageStatus: string }) => row.pageStatus === 'cancelled') ? true : undefined;
      }, 'the resolved incident’s page to be cancelled');
      const page = await server.say('incident-chat', '!ic page checkout is slow', carol);
      const id = page.body.incident.id;
      const mail = await smtp.waitFor((received) => received.to.includes('bob@example.com') && received.subject.includes(`#${id}:`));
      const token = /\/ack\/([\w-]+\.[\w-]+)/.exec(mail.text)![1];
      await new Promise((resolve) => setTimeout(resolve, 2500));
      const expired = await server.request('POST', `/ack/${token}`, { headers: { accept: 'application/json' } });
      expect(expired.status).toBe(410);
      expect(expired.body.error.message).toBe('This acknowledgement link has expired. Acknowledge with !ack in the incident room instead.');
      const rows = (await server.request('GET', `/api/v1/incidents/${id}/pages`, { token: carol })).body.pages;
      expect(rows.every((row: { pageStatus: string }) => row.pageStatus === 'paging')).toBe(true);
      const bob = await server.token('bob');
      expect(texts(await server.say('incident-chat', `!确认 ${id}-1`, bob))).toBe(`Bob Boberson (@bob) acknowledged page ${id}-1: escalation stopped.`);
    });
  });
});
