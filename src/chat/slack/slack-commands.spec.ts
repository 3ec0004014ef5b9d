import { describe, expect, it } from 'vitest';
import { blockKitProblem } from '../../../test/support/slack-api-server.js';
import { BUTTONS, buttonLine, buttonValue, withButton } from './slack-commands.js';

describe('Slack buttons', () => {
  it('type the line they stand for: Approve anyway is !approve N anyway', () => {
    expect(buttonLine(BUTTONS.approve, buttonValue('inc-7', 2), 'en')).toEqual({ room: 'inc-7', line: '!approve 2' });
    expect(buttonLine(BUTTONS.approveAnyway, buttonValue('inc-7', 2), 'en')).toEqual({ room: 'inc-7', line: '!approve 2 anyway' });
    expect(buttonLine(BUTTONS.takeCommand, buttonValue('inc-7'), 'en')).toEqual({ room: 'inc-7', line: '!ic take' });
    expect(buttonLine(BUTTONS.acknowledge, buttonValue('inc-7', '7-1'), 'en')).toEqual({ room: 'inc-7', line: '!ack 7-1' });
    expect(buttonLine(BUTTONS.approveAnyway, buttonValue('inc-7'), 'en')).toBeUndefined();
    expect(buttonLine(BUTTONS.approveAnyway, 'inc-7|2 now', 'en')).toBeUndefined();
  });

  it('type it in the room’s language, as a person there would', () => {
    expect(buttonLine(BUTTONS.approve, buttonValue('inc-7', 2), 'zh-CN')).toEqual({ room: 'inc-7', line: '!批准 2' });
    expect(buttonLine(BUTTONS.approveAnyway, buttonValue('inc-7', 2), 'zh-CN')).toEqual({ room: 'inc-7', line: '!批准 2 仍然发布' });
    expect(buttonLine(BUTTONS.takeCommand, buttonValue('inc-7'), 'zh-CN')).toEqual({ room: 'inc-7', line: '!指挥官 接管' });
    expect(buttonLine(BUTTONS.acknowledge, buttonValue('inc-7', '7-1'), 'zh-CN')).toEqual({ room: 'inc-7', line: '!确认 7-1' });
  });

  it('keep within what Block Kit accepts, whatever the draft: a long prompt and dialog are cut, never an escaped entity', () => {
    const long = `${'x'.repeat(2998)}&amp;${'y'.repeat(1000)}`;
    const [section, actions] = withButton(long, 'Approve anyway', BUTTONS.approveAnyway, 'inc-7|1', {
      style: 'danger',
      confirm: { title: 't'.repeat(120), text: 'q'.repeat(400), confirm: 'c'.repeat(40), deny: 'Cancel', style: 'danger' },
    }) as [{ text: { text: string } }, { elements: { style?: string; confirm: Record<string, { type: string; text: string } | string> }[] }];
    expect(section.text.text).toBe(`${'x'.repeat(2998)}…`);
    const [button] = actions.elements;
    expect(button!.style).toBe('danger');
    const confirm = button!.confirm as Record<string, { type: string; text: string }>;
    expect([...confirm.title!.text]).toHaveLength(100);
    expect([...confirm.text!.text]).toHaveLength(300);
    expect(confirm.text!.text.endsWith('…')).toBe(true);
    expect([...confirm.confirm!.text]).toHaveLength(30);
    expect(confirm.deny).toEqual({ type: 'plain_text', text: 'Cancel' });
    expect(button!.confirm.style).toBe('danger');
  });

  it('pass the checks of the local Slack server, which refuses what Slack refuses', () => {
    const long = 'x'.repeat(5000);
    expect(blockKitProblem(withButton(long, 'b'.repeat(90), BUTTONS.approveAnyway, 'inc-7|1', { confirm: { title: long, text: long, confirm: long, deny: long } }))).toBeUndefined();
    expect(blockKitProblem([{ type: 'section', text: { type: 'mrkdwn', text: long } }])).toMatch(/3,000/);
    expect(blockKitProblem([{ type: 'actions', elements: [{ type: 'button', text: { type: 'plain_text', text: 'b'.repeat(76) }, action_id: 'a' }] }])).toMatch(/75/);
    expect(blockKitProblem(Array.from({ length: 51 }, () => ({ type: 'divider' })))).toMatch(/50 blocks/);
  });

  it('keep the look of the other buttons: Take command plain, the rest primary, no dialog', () => {
    const [, take] = withButton('No IC yet', 'Take command', BUTTONS.takeCommand, 'inc-7') as [unknown, { elements: Record<string, unknown>[] }];
    expect(take.elements[0]).not.toHaveProperty('style');
    expect(take.elements[0]).not.toHaveProperty('confirm');
    const [, approve] = withButton('Draft #1', 'Approve', BUTTONS.approve, 'inc-7|1') as [unknown, { elements: Record<string, unknown>[] }];
    expect(approve.elements[0]).toMatchObject({ style: 'primary' });
    expect(approve.elements[0]).not.toHaveProperty('confirm');
  });
});
