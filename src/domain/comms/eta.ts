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
  new RegExp(String.raw`\b(?:in|within)\s+the\s+(?:next\s+)?(?:few\s+)?${UNIT_EN}\b`, 'gi'),
  new RegExp(String.raw`\b(?:by|before|until|at)\s+${CLOCK_EN}`, 'gi'),
  /\b(?:eta|estimated time (?:of|to) (?:resolution|recovery|restore|fix))\b/gi,
  /\bexpect(?:ed)?\s+(?:to\s+be\s+)?(?:resolved|fixed|restored|back|recovered|up)\s+(?:by|in|within|shortly|soon)\b/gi,
  new RegExp(String.raw`预计[^。！？.!?]{0,20}?(?:${NUMBER_ZH}\s*(?:分钟|小时|天|秒)|\d{1,2}[:：点]\d{0,2}|恢复|修复|解决)`, 'g'),
  new RegExp(String.raw`${NUMBER_ZH}\s*(?:分钟|小时|天)(?:内|之内|以内|后|左右)`, 'g'),
  new RegExp(String.raw`(?:今晚|今天|明天|下午|上午|晚上)?\s*\d{1,2}\s*[点:：]\s*\d{0,2}\s*(?:分)?\s*(?:前|之前|以前)`, 'g'),
];

/** Naming the estimate outright is always a promise. */
const ALWAYS = /^(?:eta|estimated time)/i;
/** Words of recovery: a time beside them promises the fix. */
const RECOVERY = /resolv|fix|restor|\bback\b|recover|working again|up and running|normal|mitigat|resum|available|恢复|修复|解决|正常|修好|可用/gi;
/** Words of the next update: a time beside them only says when we will speak again. */
const NEXT_UPDATE = /update|\bpost\b|inform|report|let you know|more information|communicat|更新|通报|告知|发布|通知/gi;
const SENTENCE_END = /[!?。！？；;\n]|\.(?:\s|$)/g;

function sentenceAround(text: string, index: number, length: number): { start: number; body: string } {
  let start = 0;
  let end = text.length;
  for (const match of text.matchAll(SENTENCE_END)) {
    const at = match.index ?? 0;
    if (at < index) start = at + match[0].length;
    else if (at >= index + length) {
      end = at;
      break;
    }
  }
  return { start, body: text.slice(start, end) };
}

function nearest(pattern: RegExp, body: string, from: number, to: number): number {
  let best = Infinity;
  for (const match of body.matchAll(pattern)) {
    const at = match.index ?? 0;
    const distance = at >= to ? at - to : at + match[0].length <= from ? from - (at + match[0].length) : 0;
    best = Math.min(best, distance);
  }
  return best;
}

/**
 * Whether a time phrase promises recovery ("back within the hour") rather than
 * the next update ("next update in 30 minutes"): it must sit nearer to words
 * of recovery than to words of updating, in its own sentence.
 */
function promisesRecovery(text: string, index: number, phrase: string): boolean {
  if (ALWAYS.test(phrase)) return true;
  if (new RegExp(RECOVERY.source, 'i').test(phrase)) return !new RegExp(NEXT_UPDATE.source, 'i').test(sentenceAround(text, index, phrase.length).body);
  const { start, body } = sentenceAround(text, index, phrase.length);
  const from = index - start;
  const to = from + phrase.length;
  const recovery = nearest(RECOVERY, body, from, to);
  return recovery !== Infinity && recovery < nearest(NEXT_UPDATE, body, from, to);
}

/** The promises of recovery time in a draft, in order of appearance; empty when it promises none. */
export function findTimePromises(text: string): string[] {
  const found: { index: number; phrase: string }[] = [];
  for (const pattern of PATTERNS) {
    for (const match of text.matchAll(pattern)) {
      const phrase = match[0].trim();
      const index = match.index ?? 0;
      if (!promisesRecovery(text, index, phrase)) continue;
      if (!found.some((other) => index < other.index + other.phrase.length && other.index < index + phrase.length)) {
        found.push({ index, phrase });
      }
    }
  }
  return found.sort((a, b) => a.index - b.index).map((entry) => entry.phrase);
}
