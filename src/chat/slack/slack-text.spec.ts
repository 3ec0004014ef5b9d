import { describe, expect, it } from 'vitest';
import { fromSlackText, incidentChannelName, mentionedUsers, toSlackText } from './slack-text.js';

const people: Record<string, string> = { U0CAROL: 'carol' };

describe('Slack message markup', () => {
  it('turns mentions of mapped people into handles and keeps unknown ones', () => {
    expect(fromSlackText('!role scribe <@U0CAROL>', (id) => people[id])).toBe('!role scribe @carol');
    expect(fromSlackText('!role scribe <@U0CAROL|carol.c>', (id) => people[id])).toBe('!role scribe @carol');
    expect(fromSlackText('!role scribe <@U0NOBODY>', (id) => people[id])).toBe('!role scribe <@U0NOBODY>');
    expect(mentionedUsers('<@U0CAROL> and <@U0DAVE|d>')).toEqual(['U0CAROL', 'U0DAVE']);
  });

  it('decodes channel links, links and entities', () => {
    expect(fromSlackText('!note see <#C0123|ops> and <https://x.test/a|the graph> &lt;5xx&gt; &amp; more', () => undefined)).toBe(
      '!note see #ops and the graph <5xx> & more',
    );
  });

  it('escapes only what Slack treats as markup', () => {
    expect(toSlackText('a < b & c > d')).toBe('a &lt; b &amp; c &gt; d');
  });

  it('names incident channels as Slack allows', () => {
    expect(incidentChannelName('inc-7', 'DB is down!')).toBe('inc-7-db-is-down');
    expect(incidentChannelName('inc-8', '数据库宕机')).toBe('inc-8');
    expect(incidentChannelName('inc-9', 'x'.repeat(120))).toHaveLength(80);
  });
});
