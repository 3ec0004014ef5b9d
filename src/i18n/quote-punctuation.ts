/**
 * A quoted value that ends a sentence of its own ("Resolved.") already ends with its stop: the template's
 * stop after the closing quote would double it (“Resolved.”.). This drops the template's.
 */
export function closeQuotes(text: string): string {
  return text.includes('”') ? text.replace(/([.!?。！？])”[.。]/g, '$1”') : text;
}

/** The same as an i18next post-processor: `postProcess: ['closeQuotes']`. */
export const closeQuotesProcessor = {
  type: 'postProcessor' as const,
  name: 'closeQuotes',
  process(value: string) {
    return closeQuotes(value);
  },
};
