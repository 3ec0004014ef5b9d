import { commandLine } from '../../domain/language/command-lines.js';

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
  /** On a draft that promises a time: `!approve N anyway`, behind a confirm dialog. */
  approveAnyway: 'dp_approve_anyway',
} as const;

/** A button's value: the room it acts in, and what it names there (a page, a draft). */
export function buttonValue(room: string, item?: string | number): string {
  return item === undefined ? room : `${room}|${item}`;
}

/** The room a button acts in, from its value. */
export function buttonRoom(value: string): string | undefined {
  return value.split('|')[0] || undefined;
}

/** The line a pressed button types, in the room's language (`locale`), and the room it is typed in. */
export function buttonLine(actionId: string, value: string, locale: string): { room: string; line: string } | undefined {
  const [room, item] = value.split('|');
  if (!room) return undefined;
  const command = commandLine(locale);
  const draft = item && /^[0-9]+$/.test(item) ? Number(item) : undefined;
  switch (actionId) {
    case BUTTONS.acknowledge:
      return item ? { room, line: command.ack(item) } : undefined;
    case BUTTONS.takeCommand:
      return { room, line: command.take() };
    case BUTTONS.approve:
      return draft === undefined ? undefined : { room, line: command.approve(draft) };
    case BUTTONS.approveAnyway:
      return draft === undefined ? undefined : { room, line: command.approveAnyway(draft) };
    default:
      return undefined;
  }
}

/** Block Kit's limits on the texts we send (longer ones make Slack refuse the whole message with `invalid_blocks`). */
const LIMITS = { section: 3000, button: 75, confirmTitle: 100, confirmText: 300, confirmButton: 30 } as const;

/** At most `max` characters, cut with an ellipsis (never inside an escaped `&amp;`). */
function clip(text: string, max: number): string {
  const chars = [...text];
  return chars.length <= max ? text : `${chars.slice(0, max - 1).join('').replace(/&[a-z]*$/, '')}…`;
}

const plain = (text: string, max: number) => ({ type: 'plain_text' as const, text: clip(text, max) });

/** The dialog Slack shows before a button's press is sent: https://api.slack.com/reference/block-kit/composition-objects#confirm */
export interface ConfirmDialog {
  title: string;
  text: string;
  confirm: string;
  deny: string;
  style?: 'primary' | 'danger';
}

export interface ButtonLook {
  style?: 'primary' | 'danger';
  confirm?: ConfirmDialog;
}

/** A message with one button, in Block Kit. */
export function withButton(text: string, label: string, actionId: string, value: string, look: ButtonLook = actionId === BUTTONS.takeCommand ? {} : { style: 'primary' }): unknown[] {
  const confirm = look.confirm && {
    title: plain(look.confirm.title, LIMITS.confirmTitle),
    text: plain(look.confirm.text, LIMITS.confirmText),
    confirm: plain(look.confirm.confirm, LIMITS.confirmButton),
    deny: plain(look.confirm.deny, LIMITS.confirmButton),
    ...(look.confirm.style ? { style: look.confirm.style } : {}),
  };
  return [
    { type: 'section', text: { type: 'mrkdwn', text: clip(text, LIMITS.section) } },
    {
      type: 'actions',
      elements: [{ type: 'button', text: plain(label, LIMITS.button), action_id: actionId, value, ...(look.style ? { style: look.style } : {}), ...(confirm ? { confirm } : {}) }],
    },
  ];
}
