import pg from 'pg';

/** The channel commits announce their last position on: one per schema, so deployments sharing a database stay apart. */
export function notificationChannel(schema: string | undefined): string {
  return `dont_panic_commits_${schema ?? 'public'}`.slice(0, 63);
}

/**
 * Listens on one connection of its own for the positions other instances'
 * commits announce (`pg_notify` inside the commit, so only committed work is
 * announced). A lost connection is re-opened; listeners also poll, so a
 * notification missed meanwhile only delays a live view, never loses a line.
 */
export class CommitNotifications {
  readonly #listeners = new Set<(position: number) => void>();
  #client: pg.Client | undefined;
  #connecting: Promise<void> | undefined;
  #closed = false;
  #retry: NodeJS.Timeout | undefined;

  constructor(
    private readonly url: string,
    private readonly channel: string,
  ) {}

  subscribe(listener: (position: number) => void): () => void {
    this.#listeners.add(listener);
    void this.#connect();
    return () => this.#listeners.delete(listener);
  }

  #connect(): Promise<void> {
    if (this.#client || this.#connecting || this.#closed) return this.#connecting ?? Promise.resolve();
    const client = new pg.Client({ connectionString: this.url });
    this.#connecting = (async () => {
      try {
        client.on('notification', (message) => {
          const position = Number(message.payload);
          if (!Number.isSafeInteger(position)) return;
          for (const listener of this.#listeners) listener(position);
        });
        client.on('error', () => this.#lost(client));
        client.on('end', () => this.#lost(client));
        await client.connect();
        await client.query(`LISTEN "${this.channel}"`);
        if (this.#closed) await client.end();
        else this.#client = client;
      } catch {
        this.#lost(client);
      } finally {
        this.#connecting = undefined;
      }
    })();
    return this.#connecting;
  }

  #lost(client: pg.Client): void {
    if (this.#client === client) this.#client = undefined;
    void client.end().catch(() => undefined);
    if (this.#closed || this.#retry) return;
    this.#retry = setTimeout(() => {
      this.#retry = undefined;
      void this.#connect();
    }, 1000);
    this.#retry.unref();
  }

  async close(): Promise<void> {
    this.#closed = true;
    clearTimeout(this.#retry);
    await this.#connecting;
    const client = this.#client;
    this.#client = undefined;
    await client?.end().catch(() => undefined);
  }
}
