import { describe, expect, it } from 'vitest';
import { browserRig, signIn } from '../support/browser.js';

const PASSWORD = 'correct horse battery';

// The web team's on-call (carol or erin) is never a member here: dave and mei declare, and neither is on the web team.
/** Timeline lines of events that carry no message of their own: a handover's page, a page reaching people of a private incident. */
describe('the web timeline of a handover and of a private incident’s page (Chromium)', { timeout: 120_000 }, () => {
  const rig = browserRig(['dave', 'mei'], PASSWORD);

  for (const { lang, person, locale, lobby, handedOver, reached } of [
    { lang: 'en', person: 'dave', locale: 'en-GB', lobby: 'incident-chat', handedOver: 'Dave Davies (@dave) handed command over and paged Bob Boberson (@bob) to tell them', reached: /A page reached .+, who may now open this private incident/ },
    { lang: 'zh-CN', person: 'mei', locale: 'zh-CN', lobby: 'incident-chat-zh', handedOver: '王美 (@mei) 移交了指挥权，并呼叫 Bob Boberson (@bob) 告知此事', reached: /呼叫已联系到 .+，他们现在可以查看这个私密事件/ },
  ] as const) {
    it(`says a handover paged the new IC, and who a page let in (${lang})`, async () => {
      const token = await rig.server.token(person);
      const say = async (room: string, text: string) => (await rig.server.say(room, text, token)).body;
      const id = (await say(lobby, `!declare private 2 key rotation ${lang}`)).incident.id as number;
      await say(`inc-${id}`, '!ic take');
      await say(`inc-${id}`, '!page web please check the login page');
      await say(`inc-${id}`, '!ic handover bob');
      const page = await signIn(await rig.newContext({ locale, timezoneId: 'UTC' }), rig.server, person, PASSWORD, `/incidents/${id}`);
      const timeline = page.locator('.timeline-list');
      await expect.poll(() => timeline.textContent(), { timeout: 30_000 }).toContain(handedOver);
      await expect.poll(() => timeline.textContent(), { timeout: 30_000 }).toMatch(reached);
    });
  }
});
