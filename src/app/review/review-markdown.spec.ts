import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseConfig, toOrganisation } from '../../config/load-config.js';
import type { IncidentEvent } from '../../domain/incident/events.js';
import { fold } from '../../domain/incident/state.js';
import { foldReview } from '../../domain/review/review.js';
import { translate } from '../../i18n/i18n.js';
import type { RenderContext } from '../render/context.js';
import { reviewMarkdown, timelineLine } from './review-markdown.js';

const organisation = toOrganisation(parseConfig(readFileSync(new URL('../../../config/example.yaml', import.meta.url), 'utf8'), 'example.yaml'));
const context = (locale: string): RenderContext => ({ organisation, translate, locale, now: new Date('2026-12-01T10:00:00Z') });
const at = '2026-12-01T09:00:00.000Z';
const actor = 'carol';

describe("the review's timeline", () => {
  it.each<[IncidentEvent, string, string]>([
    [
      { type: 'commander.assigned', at, actor, person: 'alice', previous: 'dave', forced: { reason: 'dave is not answering' } },
      'Alice Anderson (@alice) took command from Dave Davies (@dave) by force: dave is not answering',
      'Alice Anderson (@alice) 强制从 Dave Davies (@dave) 手中接管指挥：dave is not answering',
    ],
    [{ type: 'role.removed', at, actor, role: 'sme', person: 'erin' }, 'Erin Evans (@erin) is no longer Subject Matter Expert', 'Erin Evans (@erin) 不再担任主题专家'],
    [{ type: 'responders.paged', at, actor, target: { kind: 'team', name: 'data' }, message: 'replica lag' }, 'Paged team data: replica lag', '呼叫团队 data：replica lag'],
    [{ type: 'incident.merged', at, actor, into: 1 }, 'Merged into incident #1', '并入事件 #1'],
    [{ type: 'incident.absorbed', at, actor, from: 2, title: 'replica lag' }, 'Incident #2 (“replica lag”) merged into this one', '事件 #2（“replica lag”）并入本事件'],
    [{ type: 'subteam.opened', at, actor, name: 'alpha', lead: 'dave', room: 'inc-1-alpha' }, 'Sub-team alpha opened, led by Dave Davies (@dave)', '成立子团队 alpha，由 Dave Davies (@dave) 负责'],
    [{ type: 'task.completed', at, actor, n: 1, movedTo: 2 }, 'Task #1 carried into follow-up #2 at resolve', '任务 #1 在解决时转为跟进事项 #2'],
  ])('records %o', (event, english, chinese) => {
    expect(timelineLine(context('en'), event)).toBe(english);
    expect(timelineLine(context('zh-CN'), event)).toBe(chinese);
  });
});

describe('the review as Markdown', () => {
  const events: IncidentEvent[] = [
    { type: 'incident.declared', at, actor, id: 1, title: 'db is down', severity: 1, room: 'inc-1', private: false },
    { type: 'role.assigned', at: '2026-12-01T09:02:30.000Z', actor, role: 'sme', person: 'erin' },
    { type: 'role.assigned', at: '2026-12-01T09:03:00.000Z', actor, role: 'sme', person: 'mei' },
    { type: 'incident.resolved', at: '2026-12-01T09:47:59.000Z', actor },
  ];
  const review = foldReview([{ type: 'review.created', at: '2026-12-01T09:48:00.000Z', actor: 'system', incidentId: 1, severity: 1, falseAlarm: false, owner: 'carol', dueAt: '2026-12-08T09:48:00.000Z', tag: 'review-1', actionItems: [] }]);

  it('names every instant in UTC to the minute, and lists side-by-side experts as the language lists names', () => {
    const english = reviewMarkdown(context('en'), review, fold(events), events);
    expect(english).toContain('- Review meeting due: 2026-12-08 09:48 UTC');
    expect(english).toContain('| 2026-12-01 09:02 UTC | Carol Carter (@carol) | Erin Evans (@erin) became Subject Matter Expert |');
    expect(english).toContain('- Declared: 2026-12-01 09:00 UTC · Resolved: 2026-12-01 09:47 UTC (47 minutes)');
    expect(english).toContain('- Subject Matter Expert: Erin Evans (@erin), 王美 (@mei)');
    const chinese = reviewMarkdown(context('zh-CN'), review, fold(events), events);
    expect(chinese).toContain('| 2026-12-01 09:00 UTC |');
    expect(chinese).toContain('- 主题专家：Erin Evans (@erin)、王美 (@mei)');
  });

  it('names every holder of a one-holder role in turn, returns included, so the last one holds it at the end', () => {
    const command = (minute: number, person: string, previous?: string, forced?: { reason: string }): IncidentEvent => ({
      type: 'commander.assigned', at: `2026-12-01T09:${String(minute).padStart(2, '0')}:00.000Z`, actor: person, person, ...(previous ? { previous } : {}), ...(forced ? { forced } : {}),
    });
    const handed: IncidentEvent[] = [
      events[0],
      command(1, 'carol'),
      command(2, 'dave', 'carol', { reason: 'unreachable' }),
      command(3, 'carol', 'dave'),
      command(3, 'carol', 'dave'),
      command(4, 'erin', 'carol'),
      command(5, 'carol', 'erin'),
      events[3],
    ];
    expect(reviewMarkdown(context('en'), review, fold(handed), handed)).toContain(
      '- Incident Commander: Carol Carter (@carol) → Dave Davies (@dave) → Carol Carter (@carol) → Erin Evans (@erin) → Carol Carter (@carol)\n',
    );
    expect(reviewMarkdown(context('zh-CN'), review, fold(handed), handed)).toContain(
      '- 事件指挥官：Carol Carter (@carol) → Dave Davies (@dave) → Carol Carter (@carol) → Erin Evans (@erin) → Carol Carter (@carol)\n',
    );
  });
});
