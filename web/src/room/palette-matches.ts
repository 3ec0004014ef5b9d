import { COMMAND_ALIASES } from '../../../src/domain/language/aliases.js';
import { COMMANDS, type CommandName } from './commands.js';

export interface PaletteEntry {
  name: CommandName;
  usage: string;
}

/**
 * How well a command answers what was typed: its own word (or an alias, `严重级别` for `sev`) before a command
 * whose usage merely mentions it (`!declare … SEV-1`); undefined when it does not match at all.
 */
function rank(entry: PaletteEntry, wanted: string): number | undefined {
  const words = COMMAND_ALIASES[entry.name].map((word) => word.toLowerCase());
  if (words.includes(wanted)) return 0;
  if (words.some((word) => word.startsWith(wanted))) return 1;
  if (words.some((word) => word.includes(wanted))) return 2;
  if (entry.usage.toLowerCase().includes(wanted)) return 3;
  return undefined;
}

/** The palette's list for a filter: every command when it is empty, else the matching ones, best first. */
export function paletteMatches(filter: string, usage: (name: CommandName) => string): PaletteEntry[] {
  const wanted = filter.trim().replace(/^!/, '').toLowerCase();
  const entries = COMMANDS.map((name) => ({ name, usage: usage(name) }));
  if (!wanted) return entries;
  return entries
    .map((entry) => ({ entry, rank: rank(entry, wanted) }))
    .filter((match): match is { entry: PaletteEntry; rank: number } => match.rank !== undefined)
    .sort((a, b) => a.rank - b.rank)
    .map((match) => match.entry);
}
