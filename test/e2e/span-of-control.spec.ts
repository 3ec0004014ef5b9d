import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ServerProcess } from '../support/server-process.js';

const texts = (result: { body: { replies: { text: string }[] } }) => result.body.replies.map((reply) => reply.text).join('\n');

describe('span of control', () => {
  let server: ServerProcess;
  const tokens: Record<string, string> = {};
  const people = ['alice', 'bob', 'carol', 'dave', 'erin', 'frank', 'mei', 'grace', 'heidi'];

  beforeAll(async () => {
    server = await ServerProcess.start({
      config: (config) => {
        for (const handle of ['grace', 'heidi']) config.people[handle] = { name: handle[0].toUpperCase() + handle.slice(1), timezone: 'Europe/Paris', contacts: [] };
      },
    });
    for (const person of people) tokens[person] = await server.token(person);
  });
  afterAll(() => server?.stop());

  it('tells the IC once, when the eighth person is active, and offers !subteam', async () => {
    const opened = await server.say('incident-chat', '!declare 1 region outage', tokens.alice);
    const room = opened.body.incident.room;
    await server.say(room, '!ic take', tokens.alice);
    for (const person of people.slice(1, 7)) {
      expect(texts(await server.say(room, `!note ${person} checked their service`, tokens[person]))).not.toContain('sub-teams');
    }
    const eighth = texts(await server.say(room, '!note grace checked the network', tokens.grace));
    expect(eighth).toContain('8 people were active in this incident in the last 15 minutes');
    expect(eighth).toContain('!subteam <lead>');
    expect(texts(await server.say(room, '!note heidi checked the database', tokens.heidi))).not.toContain('sub-teams');
    const history = await server.request('GET', `/api/v1/rooms/${room}/messages`, { token: tokens.alice });
    expect(history.body.messages.filter((message: { text: string }) => message.text.includes('sub-teams'))).toHaveLength(1);
  });
});
