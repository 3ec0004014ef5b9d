/** Chinese characters and full-width punctuation: no space is written between two of them. */
const CJK = '[\\u3000-\\u303f\\u4e00-\\u9fff\\uff00-\\uffef\\u201c\\u201d]';
const IS_CJK = new RegExp(`^${CJK}$`);

const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** A chat command quoted in a line ("例如 !角色 移除 主题专家 <人员>"), up to the punctuation that ends it: its words keep their spaces. */
const COMMAND = /![^\s，。；：！？、（）“”]+(?: +[^\s，。；：！？、（）“”]+)*/g;

function commandSpans(text: string): (offset: number) => boolean {
  const spans = [...text.matchAll(COMMAND)].map((match) => [match.index!, match.index! + match[0].length] as const);
  return (offset) => spans.some(([start, end]) => offset >= start && offset < end);
}

/**
 * Chinese is written without spaces between Chinese characters, while a template has to keep a space
 * before a value that may begin with a digit or a name ("已持续 5 分钟" but "已持续不到 1 分钟").
 * This drops the space where a value meets Chinese text on both sides of it. Only the seams between the
 * template and its values are touched; the values themselves (what people typed) are left as they are.
 */
export function tightenChinese(text: string, params: Readonly<Record<string, unknown>> | undefined): string {
  if (!params) return text;
  let out = text;
  for (const value of Object.values(params)) {
    if (typeof value !== 'string' || !value.trim()) continue;
    const body = escape(value);
    const inCommand = commandSpans(out);
    const tighten = (seam: RegExp) => (out = out.replace(seam, (whole: string, kept: string, offset: number) => (inCommand(offset) ? whole : kept)));
    if (IS_CJK.test(value[0])) tighten(new RegExp(`(${CJK}) +(?=${body})`, 'g'));
    if (IS_CJK.test(value[value.length - 1])) tighten(new RegExp(`(${body}) +(?=${CJK})`, 'g'));
  }
  return out;
}

/** The same as an i18next post-processor, for Chinese only: `postProcess: ['tightenChinese']`. */
export const tightenChineseProcessor = {
  type: 'postProcessor' as const,
  name: 'tightenChinese',
  process(value: string, _key: string | string[], options: Record<string, unknown>, translator: { language?: string }) {
    const language = (options.lng as string | undefined) ?? translator.language ?? '';
    return language.startsWith('zh') ? tightenChinese(value, options) : value;
  },
};
