import { describe, expect, it } from 'vitest';
import { splitComponents } from './components.js';

describe('components named in a public draft', () => {
  const known = ['api', 'web', 'database'];

  it('takes the bracketed list off the text', () => {
    expect(splitComponents('[api, web] Errors when paying.', known)).toEqual({ components: ['api', 'web'], text: 'Errors when paying.', unknown: [] });
    expect(splitComponents('【API、database】支付出错。', known)).toEqual({ components: ['api', 'database'], text: '支付出错。', unknown: [] });
  });

  it('leaves text without a list alone and reports unknown names', () => {
    expect(splitComponents('Errors when paying.', known)).toEqual({ components: [], text: 'Errors when paying.', unknown: [] });
    expect(splitComponents('[billing] Errors.', known).unknown).toEqual(['billing']);
  });
});
