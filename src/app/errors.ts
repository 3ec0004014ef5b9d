import type { MessageParams } from '../domain/refusal.js';

/**
 * A request the engine cannot take, with a catalog key and an HTTP status for
 * the API to use; its lists are joined in the reader's language (`errorText`).
 */
export class AppError extends Error {
  constructor(
    readonly code: string,
    readonly status: number,
    readonly params: MessageParams = {},
  ) {
    super(code);
    this.name = 'AppError';
  }
}
