import { describe, expect, it } from 'vitest';
import type { Intent } from './intents.js';
import { parseLine } from './parse.js';

function intent(line: string): Intent {
  const parsed = parseLine(line);
  if (parsed.kind !== 'command') throw new Error(`${line} parsed as ${JSON.stringify(parsed)}`);
  return parsed.intent;
}

function error(line: string) {
  const parsed = parseLine(line);
  if (parsed.kind !== 'invalid') throw new Error(`${line} parsed as ${JSON.stringify(parsed)}`);
  return parsed.error;
}

describe('the command language', () => {
  it.each<[string, string, Intent]>([
    ['!declare 2 db is down', '!宣布 2 db is down', { kind: 'declare', severity: 2, title: 'db is down' }],
    ['!ic', '!指挥官', { kind: 'ic' }],
    ['!ic page db is down', '!指挥官 呼叫 db is down', { kind: 'ic-page', words: 'db is down' }],
    ['!ic page', '!指挥官 呼叫', { kind: 'ic-page', words: '' }],
    ['!ic take', '!指挥官 接管', { kind: 'ic-take' }],
    ['!ic handover @bob', '!指挥官 移交 bob', { kind: 'ic-handover', person: 'bob' }],
    ['!ic responders', '!指挥官 响应者', { kind: 'ic-responders' }],
    ['!ic who dave', '!指挥官 谁 dave', { kind: 'ic-who', person: 'dave' }],
    ['!ic why dave', '!指挥官 为什么 dave', { kind: 'ic-why', person: 'dave' }],
    ['!role scribe carol', '!角色 记录员 carol', { kind: 'role', role: 'scribe', person: 'carol' }],
    ['!role carol deputy', '!角色 carol 副指挥官', { kind: 'role', role: 'deputy', person: 'carol' }],
    ['!role remove scribe', '!角色 撤销 记录员', { kind: 'role-remove', role: 'scribe' }],
    ['!role remove sme dave', '!角色 撤销 主题专家 dave', { kind: 'role-remove', role: 'sme', person: 'dave' }],
    ['!roles', '!角色列表', { kind: 'roles' }],
    ['!ic take force carol unreachable', '!指挥官 接管 强制 carol unreachable', { kind: 'ic-take', force: 'carol unreachable' }],
    ['!ic handover Dave Davies', '!指挥官 移交 Dave Davies', { kind: 'ic-handover', person: 'Dave Davies' }],
    ['!role scribe Dave Davies', '!角色 记录员 Dave Davies', { kind: 'role', role: 'scribe', person: 'Dave Davies' }],
    ['!role remove sme mei', '!角色 移除 主题专家 mei', { kind: 'role-remove', role: 'sme', person: 'mei' }],
    ['!role remove deputy', '!角色 移除 副指挥官', { kind: 'role-remove', role: 'deputy' }],
    ['!proxy @carol', '!代理 carol', { kind: 'proxy', person: 'carol' }],
    ['!page api is down', '!呼叫 api is down', { kind: 'page', target: 'api', message: 'is down' }],
    ['!page @frank', '!呼叫 frank', { kind: 'page', target: 'frank', message: '' }],
    ['!sev 1', '!严重级别 1', { kind: 'sev', severity: 1 }],
    ['!sev SEV-3', '!严重级别3', { kind: 'sev', severity: 3 }],
    ['!status', '!状态', { kind: 'status' }],
    ['!status stalk', '!状态 跟踪', { kind: 'status-stalk' }],
    ['!status unstalk', '!状态 取消跟踪', { kind: 'status-unstalk' }],
    ['!note rolled back', '!笔记 rolled back', { kind: 'note', text: 'rolled back' }],
    ['!todo fix alerts', '!待办 fix alerts', { kind: 'todo', text: 'fix alerts' }],
    ['!noise', '!噪音', { kind: 'noise' }],
    ['!noise disk alert fires on every backup', '!无效呼叫 disk alert fires on every backup', { kind: 'noise', reason: 'disk alert fires on every backup' }],
    ['!task dave roll back', '!任务 dave roll back', { kind: 'task', owner: 'dave', text: 'roll back' }],
    ['!task done 2', '!任务 完成 #2', { kind: 'task-done', n: 2 }],
    ['!update all good', '!更新 all good', { kind: 'update', text: 'all good' }],
    ['!public we are investigating', '!公告 we are investigating', { kind: 'public', text: 'we are investigating' }],
    ['!approve 1', '!批准 1', { kind: 'approve', n: 1 }],
    ['!approve 2 anyway', '!批准 2 仍然发布', { kind: 'approve', n: 2, anyway: true }],
    ['!subscribe SEV-1 Stakeholders', '!订阅 SEV-1 Stakeholders', { kind: 'subscribe', target: 'SEV-1 Stakeholders' }],
    ['!ack', '!确认', { kind: 'ack', page: undefined }],
    ['!ack all', '!确认 全部', { kind: 'ack', all: true }],
    ['!oncall', '!值班', { kind: 'oncall' }],
    ['!oncall take web-oncall 2h', '!值班 接替 web-oncall 2小时', { kind: 'oncall-take', schedule: 'web-oncall', minutes: 120 }],
    ['!oncall take ic-primary 1d', '!值班 顶班 ic-primary 1天', { kind: 'oncall-take', schedule: 'ic-primary', minutes: 1440 }],
    ['!oncall take ic-backup 30m', '!值班 代班 ic-backup 30分钟', { kind: 'oncall-take', schedule: 'ic-backup', minutes: 30 }],
    ['!oncall end ic-backup', '!值班 结束 ic-backup', { kind: 'oncall-end', schedule: 'ic-backup' }],
    ['!ack 12-1', '!确认 12-1', { kind: 'ack', page: '12-1' }],
    ['!resolve', '!解决', { kind: 'resolve' }],
    ['!resolve false-alarm', '!解决 误报', { kind: 'resolve', falseAlarm: true }],
    ['!reopen', '!重新打开', { kind: 'reopen' }],
    ['!help sev', '!帮助 严重级别', { kind: 'help', topic: 'sev' }],
  ])('%s and %s', (english, chinese, expected) => {
    expect(intent(english)).toEqual(expected);
    expect(intent(chinese)).toEqual(expected);
  });

  it('accepts the full-width exclamation mark and any case', () => {
    expect(intent('！状态')).toEqual({ kind: 'status' });
    expect(intent('!SEV 2')).toEqual({ kind: 'sev', severity: 2 });
  });

  it('keeps plain lines as conversation', () => {
    expect(parseLine('  anyone looking at db-2?  ')).toEqual({ kind: 'conversation', text: 'anyone looking at db-2?' });
  });

  it('explains what is wrong and which form is right', () => {
    expect(error('!frobnicate now')).toMatchObject({ code: 'parse.unknown_command', params: { given: 'frobnicate' } });
    expect(error('!sev 9')).toMatchObject({ code: 'parse.bad_severity', usage: 'sev' });
    expect(error('!sev 6 1')).toMatchObject({ code: 'parse.severity_of_incident', usage: 'sev', params: { id: 6, severity: 1 } });
    expect(error('!sev 2 x')).toMatchObject({ code: 'parse.bad_severity' });
    expect(error('!sev')).toMatchObject({ code: 'parse.missing_severity', usage: 'sev' });
    expect(error('!oncall take web-oncall')).toMatchObject({ code: 'parse.oncall_take', usage: 'oncall' });
    expect(error('!oncall take web-oncall soon')).toMatchObject({ code: 'parse.bad_duration', usage: 'oncall', params: { given: 'soon' } });
    expect(error('!oncall take web-oncall 0h')).toMatchObject({ code: 'parse.bad_duration' });
    expect(error('!oncall take web-oncall 2h now')).toMatchObject({ code: 'parse.unexpected_words', params: { given: 'now' } });
    expect(error('!oncall end')).toMatchObject({ code: 'parse.oncall_end', usage: 'oncall' });
    expect(error('!oncall swap web-oncall')).toMatchObject({ code: 'parse.unknown_subcommand', usage: 'oncall', params: { given: 'swap' } });
    expect(error('!sev 0')).toMatchObject({ code: 'parse.bad_severity' });
    expect(error('!role')).toMatchObject({ code: 'parse.missing_role', usage: 'role' });
    expect(error('!role scribe')).toMatchObject({ code: 'parse.missing_person', usage: 'role' });
    expect(error('!role chef carol')).toMatchObject({ code: 'parse.unknown_role', params: { given: 'chef' } });
    expect(error('!declare 2')).toMatchObject({ code: 'parse.missing_title', usage: 'declare' });
    expect(error('!note')).toMatchObject({ code: 'parse.missing_text', usage: 'note' });
    expect(error('!task done')).toMatchObject({ code: 'parse.missing_number', usage: 'task' });
    expect(error('!status now')).toMatchObject({ code: 'parse.unknown_subcommand', usage: 'status' });
    expect(error('!resolve please')).toMatchObject({ code: 'parse.unexpected_words', usage: 'resolve' });
    expect(error('   ')).toMatchObject({ code: 'parse.empty' });
    expect(error(`!note ${'x'.repeat(5000)}`)).toMatchObject({ code: 'parse.too_long' });
  });

  it('reads “anyway” after a draft’s number, and a # word before the number as the incident', () => {
    expect(parseLine('!approve #2 anyway')).toEqual({ kind: 'command', intent: { kind: 'approve', n: 2, anyway: true } });
    expect(parseLine('!批准 #7 2 仍然发布')).toEqual({ kind: 'command', intent: { kind: 'approve', n: 2, anyway: true }, target: 7 });
    expect(error('!approve 2 please')).toMatchObject({ code: 'parse.unexpected_words', usage: 'approve', params: { given: 'please' } });
  });

  it('does not take a longer word for a command', () => {
    expect(error('!sevx 1')).toMatchObject({ code: 'parse.unknown_command', params: { given: 'sevx' } });
    expect(intent('!roles')).toEqual({ kind: 'roles' });
  });

  describe('mistakes', () => {
    it('offers the nearest words of unknown commands and subcommands', () => {
      expect(error('!stauts').suggest).toMatchObject({ given: 'stauts' });
      expect(error('!stauts').suggest?.among).toContain('status');
      expect(error('!ic pgae').suggest).toMatchObject({ given: 'pgae', prefix: 'ic' });
      expect(error('!指挥官 乎叫').suggest).toMatchObject({ given: '乎叫', prefix: '指挥官' });
    });

    it('needs a reason to take by force, and a target to page', () => {
      expect(error('!ic take force').code).toBe('parse.missing_reason');
      expect(error('!ic take now').code).toBe('parse.unexpected_words');
      expect(error('!page').code).toBe('parse.missing_page_target');
    });
  });
});
