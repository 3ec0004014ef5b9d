import { describe, expect, it } from 'vitest';
import { givenMaintenance as given } from '../testing/given-maintenance.js';
import type { MaintenanceEvent } from './events.js';
import { foldMaintenance } from './state.js';
import { maintenanceFor, phaseAt } from './window.js';

const at = '2026-12-01T10:00:00.000Z';
const schedule = (overrides: Record<string, unknown> = {}) => ({
  type: 'schedule-maintenance' as const,
  at,
  actor: 'dave',
  components: ['api'],
  from: '2026-12-02T01:00:00.000Z',
  to: '2026-12-02T03:00:00.000Z',
  text: 'Database upgrade',
  ...overrides,
});
const scheduled: MaintenanceEvent = {
  type: 'maintenance.scheduled',
  at,
  actor: 'dave',
  id: 1,
  components: ['api'],
  from: '2026-12-02T01:00:00.000Z',
  to: '2026-12-02T03:00:00.000Z',
  text: 'Database upgrade',
};

describe('maintenance windows', () => {
  describe('when none is scheduled', () => {
    it('schedules one ahead, numbered from 1', () => {
      given().when(schedule()).then(scheduled);
    });

    it('refuses a window that ends before it starts, is over already, or names nothing', () => {
      given().when(schedule({ to: '2026-12-02T00:00:00.000Z' })).thenRefuses('maintenance.ends_before_start');
      given().when(schedule({ from: '2026-11-30T01:00:00.000Z', to: '2026-11-30T03:00:00.000Z' })).thenRefuses('maintenance.in_past');
      given().when(schedule({ components: [] })).thenRefuses('maintenance.no_components');
      given().when(schedule({ text: '  ' })).thenRefuses('maintenance.no_text');
      given().when(schedule({ to: '2026-12-30T03:00:00.000Z' })).thenRefuses('maintenance.too_long');
      given().when(schedule({ from: '2028-12-02T01:00:00.000Z', to: '2028-12-02T03:00:00.000Z' })).thenRefuses('maintenance.too_far');
    });

    it('refuses ending a window that does not exist', () => {
      given().when({ type: 'end-maintenance', at, actor: 'dave', id: 4 }).thenRefuses('maintenance.unknown', { id: 4 });
    });
  });

  describe('when one is scheduled', () => {
    it('numbers the next one 2, and adds a window of the configuration only once', () => {
      given(scheduled).when(schedule({ key: 'nightly' })).then({ ...scheduled, id: 2, key: 'nightly' });
      given(scheduled, { ...scheduled, id: 2, key: 'nightly' }).when(schedule({ key: 'nightly' })).then();
    });

    it('ends it early (or cancels it before it starts) by command, once', () => {
      const during = '2026-12-02T02:00:00.000Z';
      const state = given(scheduled).when({ type: 'end-maintenance', at: during, actor: 'dave', id: 1 }).then({ type: 'maintenance.ended', at: during, actor: 'dave', id: 1 });
      expect(phaseAt(state.windows.get(1)!, Date.parse(during))).toBe('completed');
      given(scheduled, { type: 'maintenance.ended', at: during, actor: 'dave', id: 1 })
        .when({ type: 'end-maintenance', at: during, actor: 'dave', id: 1 })
        .thenRefuses('maintenance.already_over');
    });

    it('refuses ending one that ended on time', () => {
      given(scheduled).when({ type: 'end-maintenance', at: '2026-12-02T03:00:00.000Z', actor: 'dave', id: 1 }).thenRefuses('maintenance.already_over');
    });
  });

  describe('is this service in maintenance at now', () => {
    const windows = [...foldMaintenance([scheduled]).windows.values()];
    it.each([
      ['api', '2026-12-02T00:59:59.000Z', undefined],
      ['api', '2026-12-02T01:00:00.000Z', 1],
      ['api', '2026-12-02T02:59:59.000Z', 1],
      ['api', '2026-12-02T03:00:00.000Z', undefined],
      ['web', '2026-12-02T02:00:00.000Z', undefined],
    ])('%s at %s: window %s', (service, now, id) => {
      expect(maintenanceFor(windows, service, new Date(now))?.id).toBe(id);
    });

    it('stops silencing the moment it is ended early', () => {
      const ended = [...foldMaintenance([scheduled, { type: 'maintenance.ended', at: '2026-12-02T01:30:00.000Z', actor: 'dave', id: 1 }]).windows.values()];
      expect(maintenanceFor(ended, 'api', new Date('2026-12-02T01:29:00.000Z'))?.id).toBe(1);
      expect(maintenanceFor(ended, 'api', new Date('2026-12-02T01:30:00.000Z'))).toBeUndefined();
    });
  });
});
