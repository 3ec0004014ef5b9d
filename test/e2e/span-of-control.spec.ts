import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ServerProcess } from '../support/server-process.js';

const texts = (result: { body: { replies: { text: string }[] } }) => result.body.replies.map((reply) => reply.text).join('\n');

describe('span of control', () => {
  let server: ServerProcess;
  let alice: string;

  beforeAll(async () => {
    server = await ServerProcess.start({
      config: (config) => {
        for (const handle of ['grace', 'heidi']) config.people[handle] = { name: handle[0].toUpperCase() + handle.slice(1), timezone: 'Europe/Paris', contacts: [] };
      },
    });
    alice = await server.token('alice');
  });
  afterAll(() => server?.stop());

  it('suggests sub-teams when the eighth person starts reporting to the IC, once', async () => {
    await server.say('incident-chat', '!declare 1 region outage', alice);
    await server.say('incident-chat', '!ic take', alice);
    const seven = ['bob', 'carol', 'dave', 'erin', 'frank', 'mei', 'lei'];
    for (const person of seven) {
      expect(texts(await server.say('incident-chat', `!task ${person} check ${person}'s service`, alice))).not.toContain('sub-teams');
    }
    expect(texts(await server.say('incident-chat', '!role scribe carol', alice))).not.toContain('sub-teams');
    const eighth = texts(await server.say('incident-chat', '!role sme grace', alice));
    expect(eighth).toContain('8 people now report to the IC, more than the 7 one person can direct');
    expect(eighth).toContain('sub-teams (Alpha, Bravo, …)');
    expect(texts(await server.say('incident-chat', '!role sme heidi', alice))).not.toContain('sub-teams');
  });
});
