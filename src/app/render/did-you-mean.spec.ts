import { describe, expect, it } from 'vitest';
import { COMMAND_ALIASES, IC_SUBCOMMAND_ALIASES } from '../../domain/language/aliases.js';
import { nearestWords } from './did-you-mean.js';

const commands = Object.values(COMMAND_ALIASES).flat();

describe('did you mean', () => {
  it('finds the nearest command in the script it was typed in', () => {
    expect(nearestWords('stauts', commands)).toEqual(['status']);
    expect(nearestWords('状太', commands)).toEqual(['状态']);
    expect(nearestWords('严重', commands)).toContain('严重级别');
    expect(nearestWords('pgae', Object.values(IC_SUBCOMMAND_ALIASES).flat())).toContain('page');
  });

  it('suggests nothing for a word far from every command', () => {
    expect(nearestWords('xyzzy', commands)).toEqual([]);
  });
});
