import { parentPort, workerData } from 'node:worker_threads';
import type { Commit } from '../../ports.js';
import { openSqlite, prepareSmallWrites, prepareWrites, type SmallWrite } from './sqlite-writes.js';

/** A request to the writer thread (the commit as JSON) and its answer: positions and versions, two numbers per event. */
export type WriterRequest =
  | { readonly id: number; readonly commit: string }
  | { readonly id: number; readonly call: SmallWrite; readonly args: readonly unknown[] }
  | { readonly id: number; readonly close: true };
export type WriterAnswer =
  | { readonly ready: true }
  | { readonly id: number; readonly placed: number[] }
  | { readonly id: number; readonly result: unknown }
  | { readonly id: number; readonly error: { name: string; message: string; code?: string } };

const db = openSqlite((workerData as { file: string }).file);
const transaction = db.transaction(prepareWrites(db));
const small = prepareSmallWrites(db);
parentPort!.postMessage({ ready: true } satisfies WriterAnswer);

parentPort!.on('message', (request: WriterRequest) => {
  if ('close' in request) {
    db.close();
    parentPort!.postMessage({ id: request.id, placed: [] } satisfies WriterAnswer);
    parentPort!.close();
    return;
  }
  try {
    if ('call' in request) {
      const result = (small[request.call] as (...args: readonly unknown[]) => unknown)(...request.args);
      parentPort!.postMessage({ id: request.id, result } satisfies WriterAnswer);
      return;
    }
    const recorded = transaction.immediate(JSON.parse(request.commit) as Commit);
    const placed: number[] = [];
    for (const event of recorded) placed.push(event.position, event.version);
    parentPort!.postMessage({ id: request.id, placed } satisfies WriterAnswer);
  } catch (error) {
    const { name, message, code } = error as Error & { code?: string };
    parentPort!.postMessage({ id: request.id, error: { name, message, ...(typeof code === 'string' ? { code } : {}) } } satisfies WriterAnswer);
  }
});
