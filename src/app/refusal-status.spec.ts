import { describe, expect, it } from 'vitest';
import { refuse } from '../domain/refusal.js';
import { refusalError, refusalStatus } from './refusal-status.js';

describe('refusalStatus: one status per meaning of a refusal', () => {
  it.each([
    // Who may not act: someone else can.
    ['incident.only_commander_resolves', 403],
    ['role.only_commander', 403],
    ['member.only_lobby_invites', 403],
    ['review.only_owner_or_commander', 403],
    ['maintenance.only_owner_ends', 403],
    ['override.not_allowed_unowned', 403],
    ['maintenance.not_owner', 403],
    ['page.not_yours', 403],
    ['stranger_read_only', 403],
    // What the request points at is not there.
    ['task.unknown', 404],
    ['page.not_found', 404],
    ['page.unknown_id', 404],
    ['public.unknown_draft', 404],
    ['override.unknown_schedule', 404],
    ['review.none', 404],
    // The request is wrong whatever the state.
    ['unknown_person', 400],
    ['page.unknown_target', 400],
    ['maintenance.unknown_components', 400],
    ['maintenance.ends_before_start', 400],
    ['override.bad_time', 400],
    ['review.too_long', 400],
    ['public.empty', 400],
    ['proxy.self', 400],
    ['merge.itself', 400],
    // The state does not allow it now.
    ['role.empty', 409],
    ['commander.ask_handover', 409],
    ['incident.resolved', 409],
    ['page.already_acknowledged', 409],
    ['maintenance.already_over', 409],
    ['review.bad_transition', 409],
    ['subscribe.already_person', 409],
  ] as const)('%s → %i', (code, status) => {
    expect(refusalStatus(code)).toBe(status);
    expect(refusalStatus(`refusal.${code}`)).toBe(status);
  });

  it('makes the API error of a refusal with that status', () => {
    const error = refusalError(refuse('page.not_yours', { page: '7-1' }));
    expect(error).toMatchObject({ code: 'refusal.page.not_yours', status: 403, params: { page: '7-1' } });
  });
});
