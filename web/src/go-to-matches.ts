/** A place the palette outside a room leads to: a page, or a room the viewer may see. */
export interface Destination {
  key: string;
  path: string;
  label: string;
  /** What else finds it: an incident's number (`7`, `#7`), its room's name. */
  words: readonly string[];
}

/**
 * How well a destination answers what was typed: a word of its own (`7` or `#7` for incident 7) first, then a
 * label that starts so, then one that holds it anywhere; undefined when it does not match at all.
 */
function rank(destination: Destination, wanted: string): number | undefined {
  const words = destination.words.map((word) => word.toLowerCase());
  const label = destination.label.toLowerCase();
  if (words.includes(wanted)) return 0;
  if (label.startsWith(wanted) || words.some((word) => word.startsWith(wanted))) return 1;
  if (label.includes(wanted) || words.some((word) => word.includes(wanted))) return 2;
  return undefined;
}

/** The palette's list for a filter: every destination when it is empty, else the matching ones, best first. */
export function goToMatches(filter: string, destinations: readonly Destination[]): Destination[] {
  const wanted = filter.trim().toLowerCase();
  if (!wanted) return [...destinations];
  return destinations
    .map((destination) => ({ destination, rank: rank(destination, wanted) }))
    .filter((match): match is { destination: Destination; rank: number } => match.rank !== undefined)
    .sort((a, b) => a.rank - b.rank)
    .map((match) => match.destination);
}
