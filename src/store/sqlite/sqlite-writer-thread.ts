import { parentPort, receiveMessageOnPort, workerData } from 'node:worker_threads';
import type { Commit } from '../../ports.js';
import { openSqlite, prepareWrites } from './sqlite-writes.js';

/** A request to the writer thread (the commit as JSON) and its answer: positions and versions, two numbers per event. */
export type WriterRequest = { readonly id: number; readonly commit: string } | { readonly id: number; readonly close: true };
export type WriterAnswer = { readonly id: number; readonly placed: number[] } | { readonly id: number; readonly error: { name: string; message: string } };

/** How many waiting commits share one transaction (and one flush to disk) at most. */
const MAX_GROUP = 256;

const db = openSqlite((workerData as { file: string }).file);
// Called inside the group's transaction, better-sqlite3 runs each commit in a savepoint of its own:
// one that fails (a version conflict, a lost lease) rolls back alone, and the others still commit.
const one = db.transaction(prepareWrites(db));
const group = db.transaction((requests: readonly { id: number; commit: string }[]) =>
  requests.map((request): WriterAnswer => {
    try {
      const placed: number[] = [];
      for (const event of one(JSON.parse(request.commit) as Commit)) placed.push(event.position, event.version);
      return { id: request.id, placed };
    } catch (error) {
      const { name, message } = error as Error;
      return { id: request.id, error: { name, message } };
    }
  }),
);

function close(id: number): void {
  db.close();
  parentPort!.postMessage({ id, placed: [] } satisfies WriterAnswer);
  parentPort!.close();
}

/**
 * Commits every request already waiting in one transaction: a flush to disk
 * per group, not per commit, and each is answered only after that flush.
 */
parentPort!.on('message', (first: WriterRequest) => {
  const requests: { id: number; commit: string }[] = [];
  let closing: number | undefined;
  for (let request: WriterRequest | undefined = first; request; ) {
    if ('close' in request) {
      closing = request.id;
      break;
    }
    requests.push(request);
    request = requests.length < MAX_GROUP ? (receiveMessageOnPort(parentPort!)?.message as WriterRequest | undefined) : undefined;
  }
  if (requests.length > 0) {
    let answers: WriterAnswer[];
    try {
      answers = group.immediate(requests);
    } catch (error) {
      const { name, message } = error as Error;
      answers = requests.map((request) => ({ id: request.id, error: { name, message } }));
    }
    for (const answer of answers) parentPort!.postMessage(answer);
  }
  if (closing !== undefined) close(closing);
});
