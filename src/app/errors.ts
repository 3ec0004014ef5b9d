/** A request the engine cannot take, with a catalog key and an HTTP status for the API to use. */
export class AppError extends Error {
  constructor(
    readonly code: string,
    readonly status: number,
    readonly params: Record<string, string | number> = {},
  ) {
    super(code);
    this.name = 'AppError';
  }
}
