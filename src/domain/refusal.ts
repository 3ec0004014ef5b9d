/**
 * A value that fills a message: a list stays a list until the message is
 * written, so it is joined in the reader's language ("alice, bob" / "alice、bob").
 */
export type MessageParam = string | number | readonly string[];

export type MessageParams = Readonly<Record<string, MessageParam>>;

/**
 * A rule of the process said no. `code` names a message in the catalogs;
 * `params` fill it. Refusals change nothing.
 */
export interface Refusal {
  readonly refused: true;
  readonly code: string;
  readonly params?: MessageParams;
}

export function refuse(code: string, params?: MessageParams): Refusal {
  return { refused: true, code, params };
}

export function isRefusal(value: unknown): value is Refusal {
  return typeof value === 'object' && value !== null && (value as Refusal).refused === true;
}
