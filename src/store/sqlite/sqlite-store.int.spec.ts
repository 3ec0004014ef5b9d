import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openStore } from '../open-store.js';
import { describeStoreContract } from '../store.contract.js';
import { SqliteStore } from './sqlite-store.js';

const dirs: string[] = [];

async function tempDir(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'dont-panic-sqlite-'));
  dirs.push(dir);
  return dir;
}

afterEach(async () => {
  await Promise.all(dirs.splice(0).map((dir) => rm(dir, { recursive: true, force: true })));
});

describeStoreContract('SqliteStore', async () => new SqliteStore(join(await tempDir(), 'store.sqlite')));

describe('SqliteStore file', () => {
  it('keeps events across reopening the same file', async () => {
    const file = join(await tempDir(), 'nested', 'store.sqlite');
    const declared = { type: 'declared', at: '2030-01-01T00:00:00.000Z', actor: 'alice', data: { a: 1 } };
    const first = new SqliteStore(file);
    const recorded = await first.commit({
      appends: [{ stream: 's', expectedVersion: 0, events: [declared] }],
      schedule: [{ key: 'j', kind: 'page', dueAt: '2030-01-01T00:05:00.000Z', payload: {} }],
    });
    await first.close();

    const second = new SqliteStore(file);
    try {
      expect(await second.readStream('s')).toEqual(recorded);
      expect(await second.lastPosition()).toBe(recorded[0].position);
      expect(await second.nextDueAt()).toBe('2030-01-01T00:05:00.000Z');
      await second.commit({ appends: [{ stream: 's', expectedVersion: 1, events: [{ ...declared, type: 'noted' }] }] });
    } finally {
      await second.close();
    }
  });

  it('is what openStore gives without a database URL', async () => {
    const dataDir = await tempDir();
    const store = await openStore({ dataDir });
    try {
      expect(store.kind).toBe('sqlite');
      expect(existsSync(join(dataDir, 'dont-panic.sqlite'))).toBe(true);
    } finally {
      await store.close();
    }
  });
});
