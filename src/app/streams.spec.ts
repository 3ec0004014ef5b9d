import { describe, expect, it } from 'vitest';
import { incidentIdOfStream, isIncidentStream } from './streams.js';

describe('incident streams', () => {
  it('names the incident of its own stream only', () => {
    expect(incidentIdOfStream('incident-7')).toBe(7);
    expect(isIncidentStream('incident-7')).toBe(true);
    // The index of an incident's pages is not the incident's stream: reading it as one gave NaN.
    expect(incidentIdOfStream('incident-pages-7')).toBeUndefined();
    expect(isIncidentStream('incident-pages-7')).toBe(false);
    expect(incidentIdOfStream('room-inc-7')).toBeUndefined();
  });
});
