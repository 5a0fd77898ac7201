import * as OpenCC from 'opencc-js';
import type { NameGroup } from './names.js';

/**
 * House-style checks for the editor: warnings, never silent changes (a direct quote may need the very form the
 * check dislikes). Each warning says what was found, what the house style prefers, and where.
 */
export type HouseStyleKind = 'mainland' | 'halfwidth' | 'quotes' | 'name';

export interface HouseStyleWarning {
  kind: HouseStyleKind;
  /** The text as written. */
  found: string;
  /** What the house style would write instead. */
  suggest: string;
  /** Which line of the checked text (0-based) and the code-unit offset in it. */
  line: number;
  offset: number;
}

const s2twp = OpenCC.Converter({ from: 'cn', to: 'twp' });
const WORDS = new Intl.Segmenter('zh-Hant', { granularity: 'word' });

/**
 * What s2twp changes in text that is already Traditional but that Taiwanese writing uses as it is: variant
 * characters both forms of which are standard here (台/臺, 周/週…) and phrases whose "Taiwan" form is a different
 * word (聲明 is not 宣告, 支持 is not 支援). Measured on the demo articles, written in Taiwan: without this list
 * nearly every paragraph would be flagged.
 */
const ACCEPTED_IN_TAIWAN = new Set([
  '台', '周', '布', '占', '出', '進', '消', '裡', '群', '峰', '線', '彩', '才', '鐘', '杯', '游', '夥', '麵', '姊', '著', '汙', '脣',
  '聲明', '支持', '調度', '社區', '設備', '組件', '窗口', '設置', '進程', '消息', '人口', '位置', '順序', '程序', '數據', '信息', '質量', '水平', '項目', '服務器', '網絡', '打印', '屏幕', '視頻', '程序', '默認',
]);
const ACCEPTED_SINGLE = new Set([...ACCEPTED_IN_TAIWAN].filter((s) => [...s].length === 1));

/**
 * A word is accepted when every character s2twp would change is an accepted variant, or lies inside an accepted
 * phrase (聯合聲明 is fine because 聲明 is).
 */
function isAccepted(word: string, converted: string): boolean {
  if (ACCEPTED_IN_TAIWAN.has(word)) return true;
  const src = [...word];
  const out = [...converted];
  if (src.length !== out.length) return false;
  const covered = new Array<boolean>(src.length).fill(false);
  for (const phrase of ACCEPTED_IN_TAIWAN) {
    const len = [...phrase].length;
    if (len < 2) continue;
    for (let i = 0; i + len <= src.length; i++) if (src.slice(i, i + len).join('') === phrase) covered.fill(true, i, i + len);
  }
  return src.every((ch, i) => ch === out[i] || covered[i] || ACCEPTED_SINGLE.has(ch));
}

// Words repeat across an article and across saves: their verdicts are kept (bounded, oldest dropped first).
const verdicts = new Map<string, string | null>();
const MAX_VERDICTS = 50_000;

/** The Taiwan form of a word s2twp would change and the house style does not accept; null when it is fine. */
function mainlandForm(word: string): string | null {
  const known = verdicts.get(word);
  if (known !== undefined) return known;
  const converted = s2twp(word);
  const verdict = converted === word || isAccepted(word, converted) ? null : converted;
  if (verdicts.size >= MAX_VERDICTS) verdicts.delete(verdicts.keys().next().value as string);
  verdicts.set(word, verdict);
  return verdict;
}

const HAN = '\\p{Script=Han}';
// A half-width mark touching a Chinese character: 「川普,高市」「真的嗎?」「(圖/路透)」.
const HALFWIDTH = new RegExp(`(?<=${HAN}|[「」『』，。、；：？！])[,;:?!()]|[,;:?!()](?=${HAN})`, 'gu');
const FULLWIDTH: Record<string, string> = { ',': '，', ';': '；', ':': '：', '?': '？', '!': '！', '(': '（', ')': '）' };
// Curly and straight quotation marks; Taiwan uses 「」 and, inside them, 『』.
const QUOTES = /[“”‘’"]/gu;
const QUOTE_SUGGESTION: Record<string, string> = { '“': '「', '”': '」', '‘': '『', '’': '』', '"': '「」' };

export function houseStyleWarnings(text: string, names: readonly NameGroup[]): HouseStyleWarning[] {
  const warnings: HouseStyleWarning[] = [];
  const variants = names.flatMap((g) => g.variants.filter((v) => v !== g.taiwan && v.length > 0).map((v) => ({ v, taiwan: g.taiwan })));
  // Longer names first, so 沙烏地阿拉伯 is reported once, not also as 沙烏地.
  variants.sort((a, b) => b.v.length - a.v.length);
  text.split('\n').forEach((line, lineNo) => {
    // Addresses and e-mail are not prose: their punctuation is what it must be.
    if (/^https?:\/\//i.test(line)) return;
    // Word by word (Intl.Segmenter), so a warning names the whole word (支持, not 持) and the accepted list
    // can speak of words.
    // A line s2twp leaves alone needs no word-by-word look (most lines of Taiwanese prose).
    if (s2twp(line) !== line) {
      for (const { segment, index, isWordLike } of WORDS.segment(line)) {
        if (!isWordLike) continue;
        const suggest = mainlandForm(segment);
        if (suggest !== null) warnings.push({ kind: 'mainland', found: segment, suggest, line: lineNo, offset: index });
      }
    }
    for (const m of line.matchAll(HALFWIDTH)) warnings.push({ kind: 'halfwidth', found: m[0], suggest: FULLWIDTH[m[0]] ?? m[0], line: lineNo, offset: m.index ?? 0 });
    for (const m of line.matchAll(QUOTES)) warnings.push({ kind: 'quotes', found: m[0], suggest: QUOTE_SUGGESTION[m[0]] ?? '「」', line: lineNo, offset: m.index ?? 0 });
    const taken: Array<[number, number]> = [];
    for (const { v, taiwan } of variants) {
      let from = 0;
      for (;;) {
        const at = line.indexOf(v, from);
        if (at < 0) break;
        from = at + v.length;
        if (taken.some(([s, e]) => at < e && at + v.length > s)) continue;
        taken.push([at, at + v.length]);
        warnings.push({ kind: 'name', found: v, suggest: taiwan, line: lineNo, offset: at });
      }
    }
  });
  // A name flagged by the table is not also flagged as mainland vocabulary.
  return warnings
    .filter((w) => w.kind !== 'mainland' || !warnings.some((n) => n.kind === 'name' && n.line === w.line && w.offset >= n.offset && w.offset < n.offset + n.found.length))
    .sort((a, b) => a.line - b.line || a.offset - b.offset);
}
