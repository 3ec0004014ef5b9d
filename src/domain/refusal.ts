/**
 * A rule of the process said no. `code` names a message in the catalogs;
 * `params` fill it. Refusals change nothing.
 */
export interface Refusal {
  readonly refused: true;
  readonly code: string;
  readonly params?: Readonly<Record<string, string | number>>;
}

export function refuse(code: string, params?: Record<string, string | number>): Refusal {
  return { refused: true, code, params };
}

export function isRefusal(value: unknown): value is Refusal {
  return typeof value === 'object' && value !== null && (value as Refusal).refused === true;
}
