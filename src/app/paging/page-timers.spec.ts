import { describe, expect, it } from 'vitest';
import { deliveryBackoffSeconds, MAX_DELIVERY_ATTEMPTS, PAGE_CLOSE, pageOpenJobs } from './page-timers.js';

describe('page timers', () => {
  it('try a delivery five times, 5, 10, 20 and 40 s apart, as docs/oncall.md says', () => {
    expect(MAX_DELIVERY_ATTEMPTS).toBe(5);
    expect([1, 2, 3, 4].map(deliveryBackoffSeconds)).toEqual([5, 10, 20, 40]);
  });

  it('close the pages to the IC on call when someone takes command, and every page when the incident is resolved', () => {
    const at = '2026-04-01T10:00:00.000Z';
    const jobs = pageOpenJobs(9, [
      { type: 'commander.assigned', at, actor: 'lei', person: 'lei' },
      { type: 'incident.resolved', at, actor: 'lei' },
    ]);
    expect(jobs).toEqual([
      { key: `page-close:9:commander:${at}:0`, kind: PAGE_CLOSE, dueAt: at, payload: { incidentId: 9, commander: { person: 'lei', since: at } } },
      { key: 'page-close:9', kind: PAGE_CLOSE, dueAt: at, payload: { incidentId: 9 } },
    ]);
  });
});
