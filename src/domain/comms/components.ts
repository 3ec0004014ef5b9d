/**
 * A public draft may start with the affected components in brackets, named as
 * the services of the configuration: `[api, web] We are investigating errors.`
 * Unknown names are left in the text so nothing the liaison typed is lost.
 */
export function splitComponents(text: string, known: readonly string[]): { components: string[]; text: string; unknown: string[] } {
  const match = /^\s*[[【]([^\]】]{1,200})[\]】]\s*([\s\S]*)$/.exec(text);
  if (!match) return { components: [], text: text.trim(), unknown: [] };
  const names = match[1].split(/[,，、\s]+/).map((name) => name.trim().toLowerCase()).filter(Boolean);
  const unknown = names.filter((name) => !known.includes(name));
  if (unknown.length > 0) return { components: [], text: text.trim(), unknown };
  return { components: [...new Set(names)], text: match[2].trim(), unknown: [] };
}
