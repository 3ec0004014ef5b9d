import { describe, expect, it } from 'vitest';
import { openingCommand } from './opening.js';
import type { Severity } from './severity.js';

const envelope = { at: '2030-01-01T10:00:00.000Z', actor: 'carol' };
const declaration = (severity: Severity) => ({ id: 7, title: 'checkout is failing', severity, lobby: 'incident-chat', private: false });
const page = { message: 'checkout is failing', commanders: { primary: 'alice', backup: 'bob', shadows: ['lei'] } };

describe('openingCommand', () => {
  it.each([1, 2] as const)('pages the commanders on call as a SEV-%i opens', (severity) => {
    expect(openingCommand(envelope, declaration(severity), page)).toEqual({
      ...envelope,
      type: 'page-commander',
      message: 'checkout is failing',
      primary: 'alice',
      backup: 'bob',
      shadows: ['lei'],
      declaration: declaration(severity),
    });
  });

  it.each([3, 4, 5] as const)('declares a SEV-%i without paging', (severity) => {
    expect(openingCommand(envelope, declaration(severity), page)).toEqual({ ...envelope, type: 'declare', ...declaration(severity) });
  });

  it('declares a major incident without paging where paging is held back', () => {
    expect(openingCommand(envelope, declaration(1), undefined)).toEqual({ ...envelope, type: 'declare', ...declaration(1) });
  });
});
