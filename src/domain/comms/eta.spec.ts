import { describe, expect, it } from 'vitest';
import { findTimePromises } from './eta.js';

describe('time promises in public drafts', () => {
  it.each([
    ['We expect to be back in 10 minutes.', ['in 10 minutes']],
    ['Service will be restored within 2 hours', ['within 2 hours']],
    ['Fixed by 5pm today', ['by 5pm']],
    ['A fix is expected by 17:30 UTC', ['by 17:30']],
    ['ETA: 30 mins', ['ETA']],
    ['Expected to be fixed within the hour', ['within the hour']],
    ['Fixed by 3 pm today.', ['by 3 pm']],
    ['We expect it back within the hour.', ['within the hour']],
    ['预计 15 分钟内恢复', ['预计 15 分钟']],
    ['We will post an update in 30 minutes; service should be restored within 2 hours.', ['within 2 hours']],
    ['预计10分钟后恢复', ['预计10分钟']],
    ['预计下午3点恢复服务', ['预计下午3点']],
    ['将在30分钟内修复', ['30分钟内']],
    ['我们会在两小时内解决', ['两小时内']],
    ['今晚8点前恢复', ['今晚8点前']],
  ])('flags “%s”', (text, expected) => {
    expect(findTimePromises(text)).toEqual(expected);
  });

  it.each([
    'We are investigating elevated error rates on checkout.',
    'Payments are working again for everyone.',
    'We will post the next update as soon as we know more.',
    '我们正在调查结账错误率升高的问题。',
    'Since 14:00 UTC some payments fail.',
    'Error rate is 10% for 3 regions.',
    'We expect it to be resolved shortly.',
    'We will update you in the next hour.',
    'We will post another update within 30 minutes.',
    'Next update in 30 minutes.',
    'We are working on a fix. Next update in 30 minutes.',
    '30 分钟后更新',
    '我们正在修复问题，将在 30 分钟后发布下一次更新。',
  ])('does not flag “%s”', (text) => {
    expect(findTimePromises(text)).toEqual([]);
  });
});
