/** Slack's message markup, both ways: https://api.slack.com/reference/surfaces/formatting */

const UNESCAPE: Record<string, string> = { '&lt;': '<', '&gt;': '>', '&amp;': '&' };

/**
 * A Slack message as a person typed it: mentions become `@handle` of the
 * mapped person (`<@U123>` when nobody is mapped, so the engine can say who
 * it does not know), channel links `#name`, links their text, entities decoded.
 */
export function fromSlackText(text: string, handleOf: (slackUser: string) => string | undefined): string {
  return text
    .replace(/<@([UW][A-Z0-9]+)(?:\|[^>]*)?>/g, (whole, user: string) => {
      const handle = handleOf(user);
      return handle ? `@${handle}` : whole;
    })
    .replace(/<#[CG][A-Z0-9]+\|([^>]*)>/g, (_whole, name: string) => `#${name}`)
    .replace(/<!(here|channel|everyone)>/g, '@$1')
    .replace(/<((?:https?|mailto):[^|>]+)(?:\|([^>]*))?>/g, (_whole, url: string, label?: string) => label ?? url)
    .replace(/&(lt|gt|amp);/g, (entity) => UNESCAPE[entity]!);
}

/** The Slack user ids mentioned in a message, in order. */
export function mentionedUsers(text: string): string[] {
  return [...text.matchAll(/<@([UW][A-Z0-9]+)(?:\|[^>]*)?>/g)].map((match) => match[1]!);
}

/** Our text as Slack shows it literally: only `&`, `<` and `>` are markup. */
export function toSlackText(text: string): string {
  return text.replace(/[&<>]/g, (char) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;' })[char]!);
}

/**
 * A channel name Slack accepts (lowercase letters, digits, `-` and `_`, at
 * most 80 characters) for an incident room: `inc-7-db-is-down`. Titles in
 * other scripts keep just the number.
 */
export function incidentChannelName(prefix: string, title: string): string {
  const slug = title
    .normalize('NFKD')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
  return (slug ? `${prefix}-${slug}` : prefix).slice(0, 80).replace(/-+$/, '');
}
