import { describe, expect, it } from 'vitest';
import { COMMAND_ALIASES } from '../domain/language/aliases.js';
import { tightenChinese } from './cjk-spacing.js';
import { loadCatalog, translate } from './i18n.js';

function strings(catalog: Record<string, unknown>, prefix = ''): [string, string][] {
  return Object.entries(catalog).flatMap(([key, value]) =>
    value && typeof value === 'object' ? strings(value as Record<string, unknown>, `${prefix}${key}.`) : [[`${prefix}${key}`, String(value)] as [string, string]],
  );
}

const zh = strings(loadCatalog('zh-CN'));
const offending = (test: (value: string) => boolean) => zh.filter(([, value]) => test(value)).map(([key, value]) => `${key}: ${value}`);
const CHINESE_COMMANDS = new Set(Object.values(COMMAND_ALIASES).flatMap((aliases) => aliases.filter((alias) => /[\u4e00-\u9fff]/.test(alias))));

describe('the Chinese catalog, as a native writer would have it', () => {
  it('names Chinese commands only (!批准 1, !确认), never the English ones', () => {
    expect(offending((value) => /![A-Za-z]/.test(value))).toEqual([]);
  });

  it('names only commands the parser knows', () => {
    const unknown = zh.flatMap(([key, value]) =>
      [...value.matchAll(/!([\u4e00-\u9fff]+)/g)].filter((match) => !CHINESE_COMMANDS.has(match[1])).map((match) => `${key}: !${match[1]}`),
    );
    expect(unknown).toEqual([]);
  });

  it('uses full-width punctuation after Chinese text (：，；？ not : , ; ?)', () => {
    expect(offending((value) => /[\u4e00-\u9fff][:,;?]/.test(value))).toEqual([]);
  });

  it('never doubles the closing punctuation of quoted text (”。 after a sentence that already ends in 。)', () => {
    expect(offending((value) => /\{text\}”[。，]/.test(value) || /[。！？]”[。]/.test(value))).toEqual([]);
  });

  it('addresses the reader as 您, as the runbook does, never 你', () => {
    expect(offending((value) => value.includes('你'))).toEqual([]);
  });

  it('uses the glossary of the runbook (见习 for a shadow, 主指挥官 / 备份指挥官 for the ICs on call)', () => {
    expect(offending((value) => /跟班学习|主要指挥官|主要事件指挥官|主要 \{|备份 \{|GMT/.test(value))).toEqual([]);
  });

  it('writes "under a minute" as 不到 1 分钟, with no space between it and the Chinese around it', () => {
    const duration = translate('zh-CN', 'time.minutes', { minutes: 0 });
    expect(duration).toBe('不到 1 分钟');
    expect(translate('zh-CN', 'reply.resolved', { id: 2, duration })).toContain('事件 #2 已解决，历时不到 1 分钟。');
    expect(translate('zh-CN', 'reply.resolved', { id: 2, duration: translate('zh-CN', 'time.minutes', { minutes: 5 }) })).toContain('历时 5 分钟。');
    expect(translate('zh-CN', 'reply.commander_paged', { primary: '王美 (@mei)', backup: 'Alice (@alice)' })).toBe('正在呼叫值班事件指挥官：主指挥官王美 (@mei)，备份指挥官 Alice (@alice)。');
    expect(translate('en', 'reply.resolved', { id: 2, duration: 'under a minute' })).toContain('resolved after under a minute.');
  });

  it('closes only the seams between template and values, never what people typed', () => {
    expect(tightenChinese('笔记 #1（王美）：数据库 宕机', { text: '数据库 宕机', actor: '王美' })).toBe('笔记 #1（王美）：数据库 宕机');
    expect(tightenChinese('已持续 不到 1 分钟', { age: '不到 1 分钟' })).toBe('已持续不到 1 分钟');
    expect(translate('zh-CN', 'room.which_incident', { count: 2, example: '!笔记 #12 副本已恢复' })).toBe('这里有 2 个进行中的事件，请指明是哪一个，例如 !笔记 #12 副本已恢复，或到该事件的聊天室中输入：');
    expect(translate('zh-CN', 'alerts.still_firing', { count: 2, services: 'api、web' })).toBe('注意：本事件仍有 2 条告警未恢复（api、web）；若再次触发，将开启新的事件。');
    // A page's state follows a colon already ("呼叫 3-1（…）："): it carries no second one.
    for (const key of ['exhausted', 'cancelled', 'cancelled_commander']) expect(translate('zh-CN', `paging.page_status.${key}`, { person: '王美 (@mei)' })).not.toContain('：');
    expect(translate('zh-CN', 'common.phone_of', { person: '王美 (@mei)', phone: '+86 138 0013 8001' })).toBe('王美 (@mei)，电话 +86 138 0013 8001');
    // Asked for what to subscribe, the words are those of the usage line (<组或人员>).
    expect(translate('zh-CN', 'parse.missing_target')).toContain('组或人员');
    // A command quoted in the line keeps the spaces between its words, whatever value it holds.
    expect(tightenChinese('有多人担任主题专家：例如 !角色 移除 主题专家 <人员>。', { role: '主题专家', roleWord: '主题专家' })).toBe('有多人担任主题专家：例如 !角色 移除 主题专家 <人员>。');
  });
});
