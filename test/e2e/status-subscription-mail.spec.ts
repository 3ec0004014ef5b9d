import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ServerProcess } from '../support/server-process.js';
import { SmtpSink, type ReceivedMail } from '../support/smtp-sink.js';

const texts = (result: { body: { replies: { text: string }[] } }) => result.body.replies.map((reply) => reply.text).join('\n');

/** Mail goes through durable jobs in a real server: on a loaded machine it may take a while. */
const waitForMail = (sink: SmtpSink, match: (mail: ReceivedMail) => boolean) => sink.waitFor(match, 60_000);

/** The link of `path` in a mail's text, whole (`http://…/status/confirm?token=…`). */
function link(text: string, path: string): string {
  const match = new RegExp(`https?://[^\\s]+${path.replace('/', '\\/')}\\?token=[A-Za-z0-9_.-]+`).exec(text);
  if (!match) throw new Error(`no ${path} link in: ${text}`);
  return match[0];
}

/** Every value of a header as the mail arrived (not as the parser reshapes it). */
const header = (mail: ReceivedMail, name: string) =>
  mail.rawHeaders.filter((line) => line.toLowerCase().startsWith(`${name.toLowerCase()}:`)).map((line) => line.slice(name.length + 1).trim());

/**
 * What a status-page subscriber's mail client sees: List-Unsubscribe and
 * List-Unsubscribe-Post on every mail (RFC 8058), a one-click POST that
 * unsubscribes, a GET of the link that only asks (mail scanners fetch links),
 * and the confirm and unsubscribe pages in the subscriber's language.
 */
describe('status-page subscription mail, against the real server', () => {
  let sink: SmtpSink;
  let server: ServerProcess;
  let carol: string;
  let dave: string;

  /** Subscribes and confirms `email`; answers its confirmation mail and the confirm page. */
  async function subscribe(email: string, lang: string) {
    const asked = await server.request('POST', '/status/subscribe', { body: { email, lang } });
    expect(asked.status).toBe(202);
    const confirmation = await waitForMail(sink, (mail) => mail.to.includes(email));
    // A mail client follows the link without asking for any language in particular.
    const page = await fetch(link(confirmation.text, '/status/confirm').replace(/^https?:\/\/[^/]+/, server.url), { headers: { 'accept-language': '' } });
    return { confirmation, page: { status: page.status, body: await page.text() } };
  }

  async function publish(text: string) {
    const drafted = await server.say('incident-chat', `!public ${text}`, dave);
    const n = Number(/draft #(\d+)/.exec(texts(drafted))![1]);
    expect((await server.say('incident-chat', `!approve ${n}`, carol)).status).toBe(200);
  }

  beforeAll(async () => {
    sink = await SmtpSink.start();
    server = await ServerProcess.start({
      config: (config) => {
        config.notifications = { email: { host: '127.0.0.1', port: sink.port, secure: false, from: 'status@example.com' } };
      },
    });
    [carol, dave] = await Promise.all([server.token('carol'), server.token('dave')]);
    const declared = await server.say('incident-chat', '!declare 2 checkout errors', carol);
    expect(declared.status).toBe(200);
    await server.say('incident-chat', '!ic take', carol);
  });
  afterAll(async () => {
    await server?.stop();
    await sink?.stop();
  });

  it('puts List-Unsubscribe and List-Unsubscribe-Post on every mail, and a one-click POST unsubscribes', async () => {
    const readers = ['form@example.org', 'multipart@example.org', 'stays@example.org'];
    const confirmations = new Map<string, ReceivedMail>();
    for (const email of readers) {
      const { confirmation, page } = await subscribe(email, 'en');
      expect(page.status).toBe(200);
      confirmations.set(email, confirmation);
    }
    const unsubscribe = (email: string) => link(confirmations.get(email)!.text, '/status/unsubscribe');
    // The confirmation mail already offers it: the address may stop all mail before it ever confirms.
    expect(header(confirmations.get('form@example.org')!, 'List-Unsubscribe')).toEqual([`<${unsubscribe('form@example.org')}>`]);

    await publish('We are investigating errors at checkout.');
    await server.say('incident-chat', '!maintenance api now +2h API database failover', dave);
    for (const email of readers) {
      const update = await waitForMail(sink, (mail) => mail.to.includes(email) && mail.text.includes('errors at checkout'));
      const notice = await waitForMail(sink, (mail) => mail.to.includes(email) && mail.subject.includes('maintenance of api'));
      for (const mail of [update, notice]) {
        expect(link(mail.text, '/status/unsubscribe')).toBe(unsubscribe(email));
        expect(header(mail, 'List-Unsubscribe'), mail.subject).toEqual([`<${unsubscribe(email)}>`]);
        expect(header(mail, 'List-Unsubscribe-Post'), mail.subject).toEqual(['List-Unsubscribe=One-Click']);
      }
    }

    // What Gmail, Apple Mail and the others send (RFC 8058 §3.2): a POST to the URL, no cookies, no redirects followed.
    const form = await fetch(unsubscribe('form@example.org').replace(/^https?:\/\/[^/]+/, server.url), {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'List-Unsubscribe=One-Click',
      redirect: 'manual',
    });
    expect(form.status).toBe(200);
    expect(await form.text()).toContain('You are unsubscribed');
    const multipart = new FormData();
    multipart.set('List-Unsubscribe', 'One-Click');
    const parts = await fetch(unsubscribe('multipart@example.org').replace(/^https?:\/\/[^/]+/, server.url), { method: 'POST', body: multipart, redirect: 'manual' });
    expect(parts.status).toBe(200);
    expect(await parts.text()).toContain('You are unsubscribed');
    // The one-click POSTs are logged as the GETs are: without the token.
    const logs = server.logs.join('\n');
    for (const email of readers) expect(logs).not.toContain(unsubscribe(email).split('token=')[1]);
    expect(logs).toContain('/status/unsubscribe?token=[redacted]');

    await publish('A fix is rolling out.');
    await waitForMail(sink, (mail) => mail.to.includes('stays@example.org') && mail.text.includes('A fix is rolling out'));
    const after = sink.messages.filter((mail) => mail.text.includes('A fix is rolling out')).flatMap((mail) => mail.to);
    expect(after).toEqual(['stays@example.org']);
  }, 120_000);

  it('only asks when the unsubscribe link is opened (as mail scanners do); the page’s button unsubscribes', async () => {
    const readers = [
      { email: 'scanned@example.org', lang: 'en', title: 'Unsubscribe', question: 'Stop all emails from Example Corp Status to this address? Nothing changes until you press the button.', button: '>Unsubscribe</button>', done: 'You are unsubscribed and will receive no more emails from this status page.' },
      { email: 'saomiao@example.org', lang: 'zh-CN', title: '退订', question: '不再向此邮箱发送 Example Corp Status 的任何邮件？按下按钮之前，不会有任何变化。', button: '>退订</button>', done: '您已退订，不会再收到此状态页面的邮件。' },
    ];
    const links = new Map<string, string>();
    for (const reader of readers) {
      const { confirmation } = await subscribe(reader.email, reader.lang);
      const unsubscribe = link(confirmation.text, '/status/unsubscribe').replace(/^https?:\/\/[^/]+/, server.url);
      links.set(reader.email, unsubscribe);
      // A link scanner (or the subscriber's browser) fetches the link: twice, with no language of its own.
      for (let i = 0; i < 2; i++) {
        const scanned = await fetch(unsubscribe, { headers: { 'accept-language': '' } });
        expect(scanned.status).toBe(200);
        const page = await scanned.text();
        expect(page).toContain(`<html lang="${reader.lang}"`);
        expect(page).toContain(`<h2>${reader.title}</h2>`);
        expect(page).toContain(reader.question);
        expect(page).toContain(reader.button);
        expect(page).not.toContain(reader.done);
      }
    }

    // Still subscribed: the next update reaches both.
    await publish('Checkout is back to normal speed.');
    for (const reader of readers) await waitForMail(sink, (mail) => mail.to.includes(reader.email) && mail.text.includes('back to normal speed'));

    for (const reader of readers) {
      const page = await (await fetch(links.get(reader.email)!)).text();
      // The form posts back to the same link, in the subscriber's language; the language switch keeps the token.
      const action = /<form method="post" action="([^"]+)">/.exec(page)![1].replaceAll('&amp;', '&');
      const token = new URL(links.get(reader.email)!).searchParams.get('token')!;
      expect(action).toBe(`/status/unsubscribe?token=${token}&lang=${reader.lang}`);
      expect(page).toContain(`href="/status/unsubscribe?token=${token}&amp;lang=${reader.lang === 'en' ? 'zh-CN' : 'en'}"`);
      const pressed = await fetch(server.url + action, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'List-Unsubscribe=One-Click', redirect: 'manual' });
      expect(pressed.status).toBe(200);
      expect(await pressed.text()).toContain(reader.done);
      // Opened again, the link says it is done and asks nothing.
      const after = await (await fetch(links.get(reader.email)!)).text();
      expect(after).toContain(reader.done);
      expect(after).not.toContain(reader.button);
    }
    await publish('Checkout is fine; we keep watching.');
    await waitForMail(sink, (mail) => mail.to.includes('stays@example.org') && mail.text.includes('we keep watching'));
    const reached = sink.messages.filter((mail) => mail.text.includes('we keep watching')).flatMap((mail) => mail.to);
    expect(reached).not.toContain('scanned@example.org');
    expect(reached).not.toContain('saomiao@example.org');
  }, 120_000);

  it('answers the confirm and unsubscribe links in the language the address subscribed in', async () => {
    const { confirmation, page } = await subscribe('duzhe@example.org', 'zh-CN');
    expect(confirmation.subject).toBe('确认订阅 Example Corp Status');
    expect(page.status).toBe(200);
    expect(page.body).toContain('<html lang="zh-CN"');
    expect(page.body).toContain('已订阅');
    expect(page.body).toContain('订阅已确认。每封邮件都有退订链接。');
    expect(page.body).toContain('href="/status?lang=zh-CN"');
    expect(page.body).not.toContain('Subscribed');

    const unsubscribe = link(confirmation.text, '/status/unsubscribe').replace(/^https?:\/\/[^/]+/, server.url);
    // Even from a browser set to English: the subscriber chose Chinese.
    const oneClick = await fetch(unsubscribe, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', 'accept-language': 'en' }, body: 'List-Unsubscribe=One-Click' });
    expect(oneClick.status).toBe(200);
    expect(await oneClick.text()).toContain('您已退订，不会再收到此状态页面的邮件。');
    // Once unsubscribed, the link still answers in Chinese; the page's own language switch still wins.
    expect(await (await fetch(unsubscribe)).text()).toContain('已退订');
    expect(await (await fetch(`${unsubscribe}&lang=en`)).text()).toContain('You are unsubscribed');
    // A link that is not valid names no subscriber: it answers in the reader's language.
    const invalid = await fetch(`${server.url}/status/unsubscribe?token=garbage`, { headers: { 'accept-language': 'zh-CN' } });
    expect(invalid.status).toBe(400);
    expect(await invalid.text()).not.toContain('This link is not valid');
  }, 120_000);
});
