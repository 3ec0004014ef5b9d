import { distance } from 'fastest-levenshtein';

const CJK = /[\u3000-\u9fff\uff00-\uffef]/;

/**
 * The words of `among` nearest to a mistyped one, in the same script (a
 * Chinese typo gets Chinese aliases, a Latin one English words), at most three;
 * a Chinese word cut short counts as one typo.
 */
export function nearestWords(given: string, among: readonly string[]): string[] {
  const typed = given.toLowerCase();
  const chinese = CJK.test(typed);
  // A swapped pair costs two edits (`stauts` → `status`, `pgae` → `page`); short words allow one.
  const limit = chinese ? 1 : typed.length <= 3 ? 1 : typed.length < 9 ? 2 : 3;
  return [...new Set(among)]
    .filter((word) => CJK.test(word) === chinese && !word.includes(' '))
    // A Chinese word typed short (`严重` for `严重级别`) is as near as one typo.
    .map((word) => ({ word, cost: chinese && typed.length >= 2 && word.startsWith(typed) ? 1 : distance(typed, word) }))
    .filter(({ cost }) => cost > 0 && cost <= limit)
    .sort((a, b) => a.cost - b.cost || a.word.localeCompare(b.word))
    .slice(0, 3)
    .map(({ word }) => word);
}
