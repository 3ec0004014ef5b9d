import { describe, expect, it } from 'vitest';
import { pageStatus, type PageStatus, type ShownComponentState } from './page-status.js';

describe("the page's status, as Statuspage's top-level status", () => {
  it.each<[readonly ShownComponentState[], PageStatus]>([
    [[], 'operational'],
    [['operational', 'operational'], 'operational'],
    [['operational', 'under_maintenance'], 'under_maintenance'],
    [['degraded'], 'partially_degraded'],
    [['operational', 'degraded'], 'partially_degraded'],
    [['degraded', 'degraded'], 'degraded'],
    [['partial_outage'], 'partial_outage'],
    [['operational', 'partial_outage'], 'minor_outage'],
    [['partial_outage', 'partial_outage'], 'partial_outage'],
    [['major_outage'], 'major_outage'],
    [['major_outage', 'major_outage', 'operational'], 'partial_outage'],
    [['major_outage', 'partial_outage'], 'partial_outage'],
    [['major_outage', 'major_outage'], 'major_outage'],
    [['under_maintenance', 'degraded'], 'partially_degraded'],
  ])('%j reads %s', (components, status) => {
    expect(pageStatus(components)).toBe(status);
  });
});
