export { ensureSection, ensureTag, findSectionBySlug, findTagByName, listSections } from './taxonomy.repo.js';

/** The section every imported 雲論 piece lands in unless told otherwise. */
export const DEFAULT_SECTION = { slug: 'opinion', name: '雲論' } as const;

/** Tag names: 1–30 characters, no control characters, no slashes (they become URL paths). */
export function tagNameProblem(name: string): string | null {
  const t = name.trim();
  if (t === '') return '標籤不可為空白';
  if ([...t].length > 30) return `標籤「${t.slice(0, 30)}…」超過 30 字`;
  if (/[\p{Cc}\/\\?#]/u.test(t)) return `標籤「${t}」含有不允許的字元（/ \\ ? # 或控制字元）`;
  return null;
}
