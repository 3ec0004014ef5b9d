/**
 * `/incident` and the buttons, as the chat lines they stand for: both go
 * through the same engine entry point as a typed `!` command.
 */

/** `/incident declare 2 db is down` · `/incident page [message]` · `/incident status`; undefined for anything else. */
export function slashLine(text: string): string | undefined {
  const [verb = '', ...words] = text.trim().split(/\s+/);
  const rest = words.join(' ');
  switch (verb.toLowerCase()) {
    case 'declare':
    case '宣布':
      return rest ? `!declare ${rest}` : '!declare';
    case 'page':
    case '呼叫':
      return rest ? `!ic page ${rest}` : '!ic page';
    case 'status':
    case '状态':
      return '!status';
    default:
      return undefined;
  }
}

export const BUTTONS = {
  acknowledge: 'dp_acknowledge',
  takeCommand: 'dp_take_command',
  approve: 'dp_approve',
} as const;

/** A button's value: the room it acts in, and what it names there (a page, a draft). */
export function buttonValue(room: string, item?: string | number): string {
  return item === undefined ? room : `${room}|${item}`;
}

/** The line a pressed button types, and the room it is typed in. */
export function buttonLine(actionId: string, value: string): { room: string; line: string } | undefined {
  const [room, item] = value.split('|');
  if (!room) return undefined;
  switch (actionId) {
    case BUTTONS.acknowledge:
      return item ? { room, line: `!ack ${item}` } : undefined;
    case BUTTONS.takeCommand:
      return { room, line: '!ic take' };
    case BUTTONS.approve:
      return item && /^[0-9]+$/.test(item) ? { room, line: `!approve ${item}` } : undefined;
    default:
      return undefined;
  }
}

/** A message with one button, in Block Kit. */
export function withButton(text: string, label: string, actionId: string, value: string): unknown[] {
  return [
    { type: 'section', text: { type: 'mrkdwn', text } },
    { type: 'actions', elements: [{ type: 'button', text: { type: 'plain_text', text: label }, action_id: actionId, value, ...(actionId === BUTTONS.takeCommand ? {} : { style: 'primary' }) }] },
  ];
}
