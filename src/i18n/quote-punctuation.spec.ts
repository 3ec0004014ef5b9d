import { describe, expect, it } from 'vitest';
import { translate } from './i18n.js';
import { closeQuotes } from './quote-punctuation.js';

describe('a quoted value that ends its own sentence', () => {
  it('keeps its stop and drops the template’s, in both languages', () => {
    expect(closeQuotes('Public draft #1 saved (not published): “Resolved.”. The IC publishes it')).toBe('Public draft #1 saved (not published): “Resolved.” The IC publishes it');
    expect(closeQuotes('事件 #3：“已解决。”。')).toBe('事件 #3：“已解决。”');
    expect(closeQuotes('There is no room “ops”. Rooms: a, b.')).toBe('There is no room “ops”. Rooms: a, b.');
  });

  it('applies to every translated line', () => {
    expect(translate('en', 'comms.reply.drafted', { n: 1, text: 'All fixed.' })).toBe('Public draft #1 saved (not published): “All fixed.” The IC publishes it with !approve 1.');
  });
});
