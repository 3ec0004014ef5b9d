import { describe, expect, it } from 'vitest';
import { refuse } from '../../domain/refusal.js';
import { testOrganisation } from '../../domain/testing/organisation.js';
import { translate } from '../../i18n/i18n.js';
import { AppError } from '../errors.js';
import { errorText, messageParams, refusalParams, t, type RenderContext } from './context.js';

const organisation = testOrganisation({ people: new Map([['mei', { handle: 'mei', name: '王美', locale: 'zh-CN', timezone: 'Asia/Shanghai', contacts: [] }]]) });
const context = (locale: string): RenderContext => ({ organisation, translate, locale, now: new Date('2026-12-01T10:00:00Z') });

describe('lists in refusals and errors, joined where they are read', () => {
  it('joins a list as the reader writes it, an empty one as a dash, and leaves text and numbers as they are', () => {
    const params = { given: 'zed', people: ['alice', 'bob'], none: [], id: 7 };
    expect(messageParams(context('en'), params)).toEqual({ given: 'zed', people: 'alice, bob', none: '—', id: 7 });
    expect(messageParams(context('zh-CN'), params)).toEqual({ given: 'zed', people: 'alice、bob', none: '—', id: 7 });
  });

  it('labels a refusal’s people and roles, then joins its lists', () => {
    const refused = refuse('role.which_one', { role: 'sme', people: ['mei', 'frank'] });
    expect(t(context('en'), `refusal.${refused.code}`, refusalParams(context('en'), refused.params))).toBe('Several people are Subject Matter Expert (mei, frank): say which, e.g. !role remove sme <person>.');
    expect(t(context('zh-CN'), `refusal.${refused.code}`, refusalParams(context('zh-CN'), refused.params))).toBe('有多人担任主题专家（mei、frank）：请指明是谁，例如 !角色 移除 主题专家 <人员>。');
    const scribes = refusalParams(context('en'), refuse('role.which_one', { role: 'scribe', people: ['mei', 'frank'] }).params);
    expect(t(context('en'), 'refusal.role.which_one', scribes)).toBe('Several people are Scribe (mei, frank): say which, e.g. !role remove scribe <person>.');
    expect(refusalParams(context('en'), { person: 'mei', names: [] })).toEqual({ person: '王美 (@mei)', names: '—' });
  });

  it('writes an error’s list in the language of whoever reads it', () => {
    const error = new AppError('error.unknown_room', 404, { room: 'nowhere', rooms: ['incident-chat', 'incident-chat-zh'] });
    expect(errorText(context('en'), error)).toBe('There is no room “nowhere”. Rooms: incident-chat, incident-chat-zh.');
    expect(errorText(context('zh-CN'), error)).toBe('没有聊天室“nowhere”。可用聊天室：incident-chat、incident-chat-zh。');
  });
});
