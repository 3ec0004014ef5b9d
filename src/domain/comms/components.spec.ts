import { describe, expect, it } from 'vitest';
import { splitComponents } from './components.js';

describe('components named in a public draft', () => {
  const known = ['api', 'web', 'database'];

  it('takes the bracketed list off the text', () => {
    expect(splitComponents('[api, web] Errors when paying.', known)).toEqual({ components: ['api', 'web'], text: 'Errors when paying.', unknown: [] });
    expect(splitComponents('【API、database】支付出错。', known)).toEqual({ components: ['api', 'database'], text: '支付出错。', unknown: [] });
  });

  it('takes a comma-separated list of services off the text, as !maintenance takes them', () => {
    expect(splitComponents('api,web We are investigating.', known)).toEqual({ components: ['api', 'web'], text: 'We are investigating.', unknown: [] });
    expect(splitComponents('api, database 支付出错。', known)).toEqual({ components: ['api', 'database'], text: '支付出错。', unknown: [] });
  });

  it('keeps a lone service name, or a list with a word that is no service, as the text', () => {
    expect(splitComponents('api is slow again.', known)).toEqual({ components: [], text: 'api is slow again.', unknown: [] });
    expect(splitComponents('Payments, refunds and invoices are delayed.', known)).toEqual({ components: [], text: 'Payments, refunds and invoices are delayed.', unknown: [] });
  });

  it('leaves text without a list alone and reports unknown names', () => {
    expect(splitComponents('Errors when paying.', known)).toEqual({ components: [], text: 'Errors when paying.', unknown: [] });
    expect(splitComponents('[billing] Errors.', known).unknown).toEqual(['billing']);
  });
});
