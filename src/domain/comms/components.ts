const BRACKETED = /^\s*[[【]([^\]】]{1,200})[\]】]\s*([\s\S]*)$/;
/** Two or more names joined by commas before the text, as `!maintenance` takes them: `api,web We are…`. */
const COMMA_LIST = /^\s*([\w.-]+(?:\s*[,，、]\s*[\w.-]+)+)\s+([\s\S]*)$/;

/**
 * A public draft may start with the affected components in brackets, named as
 * the services of the configuration: `[api, web] We are investigating errors.`,
 * or as a comma-separated list (`api,web We are investigating errors.`) when
 * every name in it is a service: a lone word is the draft's first word.
 * Unknown names are left in the text so nothing the liaison typed is lost.
 */
export function splitComponents(text: string, known: readonly string[]): { components: string[]; text: string; unknown: string[] } {
  const listed = COMMA_LIST.exec(text);
  const match = BRACKETED.exec(text) ?? (listed && listed[1].split(/[,，、\s]+/).every((name) => known.includes(name.toLowerCase())) ? listed : null);
  if (!match) return { components: [], text: text.trim(), unknown: [] };
  const names = match[1].split(/[,，、\s]+/).map((name) => name.trim().toLowerCase()).filter(Boolean);
  const unknown = names.filter((name) => !known.includes(name));
  if (unknown.length > 0) return { components: [], text: text.trim(), unknown };
  return { components: [...new Set(names)], text: match[2].trim(), unknown: [] };
}
