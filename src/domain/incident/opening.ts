import type { Declaration, IncidentCommand } from './commands.js';
import { isMajor } from './severity.js';

/** Who is on call to command, as the paging of an incident's commander names them. */
export interface CommandersToPage {
  readonly primary?: string;
  readonly backup?: string;
  readonly shadows: readonly string[];
}

/**
 * The command that opens an incident. SEV-1 and SEV-2 are major: they page
 * the Incident Commander as they open, whoever declares them (`!declare 1 …`,
 * the web form, an alert). The others are declared, and `!ic page` pages
 * later. `page` is left out where paging is held back (a service in
 * maintenance).
 */
export function openingCommand(
  envelope: { readonly at: string; readonly actor: string; readonly subteam?: string },
  declaration: Declaration,
  page: { readonly message: string; readonly commanders: CommandersToPage } | undefined,
): IncidentCommand {
  if (page && isMajor(declaration.severity)) {
    const { primary, backup, shadows } = page.commanders;
    return { ...envelope, type: 'page-commander', message: page.message, primary, backup, shadows: [...shadows], declaration };
  }
  return { ...envelope, type: 'declare', ...declaration };
}
