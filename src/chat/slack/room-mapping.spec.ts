import { describe, expect, it } from 'vitest';
import { incidentOfKey, linkRooms } from './room-mapping.js';

const channels: Record<string, string> = { 'inc-7': 'C07', 'inc-7-alpha': 'C07A' };

describe('rooms and channels', () => {
  it('links the rooms named in a line to their channels', () => {
    const link = (text: string) => linkRooms(text, (key) => channels[key]);
    expect(link('🚨 Incident #7 has its own room: #inc-7-db-is-down. Join it there.')).toBe('🚨 Incident #7 has its own room: <#C07>. Join it there.');
    expect(link('Sub-team alpha is open in #inc-7-alpha, led by Bob.')).toBe('Sub-team alpha is open in <#C07A>, led by Bob.');
    expect(link('see #inc-7-alpha-rollout')).toBe('see <#C07>');
    expect(link('#inc-9-other stays as typed')).toBe('#inc-9-other stays as typed');
  });

  it('knows the incident behind incident and sub-team channels only', () => {
    expect(incidentOfKey('inc-7')).toBe(7);
    expect(incidentOfKey('inc-7-alpha')).toBe(7);
    expect(incidentOfKey('incident-chat')).toBeUndefined();
  });
});
