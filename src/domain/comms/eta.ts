const NUMBER_EN = String.raw`(?:\d+(?:[.,]\d+)?|a few|a couple of|an?|one|two|three|four|five|ten|fifteen|twenty|thirty|forty-five|sixty)`;
const UNIT_EN = String.raw`(?:seconds?|secs?|minutes?|mins?|hours?|hrs?|h|m|days?)`;
const CLOCK_EN = String.raw`(?:\d{1,2}(?::\d{2})?\s*(?:a\.?m\.?|p\.?m\.?)|\d{1,2}:\d{2}|noon|midnight|tonight|tomorrow|end of (?:the )?day|eod)`;
const NUMBER_ZH = String.raw`(?:\d+|[一二两三四五六七八九十半几数]+)`;

/**
 * Phrases that promise a time. The runbook says never to give customers an
 * ETA, so drafts containing one are flagged to the liaison before approval.
 */
const PATTERNS: readonly RegExp[] = [
  new RegExp(String.raw`\b(?:in|within|under|after)\s+(?:the\s+next\s+)?${NUMBER_EN}\s*${UNIT_EN}\b`, 'gi'),
  new RegExp(String.raw`\bin\s+the\s+next\s+(?:few\s+)?${UNIT_EN}\b`, 'gi'),
  new RegExp(String.raw`\b(?:by|before|until|at)\s+${CLOCK_EN}`, 'gi'),
  /\b(?:eta|estimated time (?:of|to) (?:resolution|recovery|restore|fix))\b/gi,
  /\bexpect(?:ed)?\s+(?:to\s+be\s+)?(?:resolved|fixed|restored|back|recovered|up)\s+(?:by|in|within|shortly|soon)\b/gi,
  new RegExp(String.raw`预计[^。！？.!?]{0,20}?(?:${NUMBER_ZH}\s*(?:分钟|小时|天|秒)|\d{1,2}[:：点]\d{0,2}|恢复|修复|解决)`, 'g'),
  new RegExp(String.raw`${NUMBER_ZH}\s*(?:分钟|小时|天)(?:内|之内|以内|后|左右)`, 'g'),
  new RegExp(String.raw`(?:今晚|今天|明天|下午|上午|晚上)?\s*\d{1,2}\s*[点:：]\s*\d{0,2}\s*(?:分)?\s*(?:前|之前|以前)`, 'g'),
];

/** The time promises in a draft, in order of appearance; empty when it promises none. */
export function findTimePromises(text: string): string[] {
  const found: { index: number; phrase: string }[] = [];
  for (const pattern of PATTERNS) {
    for (const match of text.matchAll(pattern)) {
      const phrase = match[0].trim();
      const index = match.index ?? 0;
      if (!found.some((other) => index < other.index + other.phrase.length && other.index < index + phrase.length)) {
        found.push({ index, phrase });
      }
    }
  }
  return found.sort((a, b) => a.index - b.index).map((entry) => entry.phrase);
}
