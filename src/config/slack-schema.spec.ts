import { describe, expect, it } from 'vitest';
import { slackSchema } from './slack-schema.js';

const problems = (input: unknown) => {
  const result = slackSchema.safeParse(input);
  return result.success ? [] : result.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`);
};

describe('the slack block of the config', () => {
  it('defaults to Socket Mode against Slack itself', () => {
    expect(slackSchema.parse({ botToken: 'xoxb-1-2-abc', appToken: 'xapp-1-A1-2-def' })).toMatchObject({ mode: 'socket', apiUrl: 'https://slack.com/api/', channels: {}, archiveAfter: 1440 });
  });

  it('says which token or secret is missing for the mode', () => {
    expect(problems({ botToken: 'xoxb-1-2-abc' })).toEqual(['appToken: Socket Mode needs the app-level token ("xapp-…")']);
    expect(problems({ botToken: 'xoxb-1-2-abc', mode: 'http' })).toEqual(['signingSecret: HTTP mode needs the signing secret to check requests']);
  });

  it('rejects a user token, a bad channel id and unknown keys', () => {
    expect(problems({ botToken: 'xoxp-1-2-abc', appToken: 'xapp-1-A1-2-def' })).toEqual(['botToken: expected a bot token starting with "xoxb-"']);
    expect(problems({ botToken: 'xoxb-1-2-abc', appToken: 'xapp-1-A1-2-def', channels: { 'incident-chat': '#incident-chat' } })).toEqual([
      'channels.incident-chat: expected a channel id such as "C0123456789"',
    ]);
    expect(problems({ botToken: 'xoxb-1-2-abc', appToken: 'xapp-1-A1-2-def', token: 'x' })[0]).toContain('token');
  });
});
