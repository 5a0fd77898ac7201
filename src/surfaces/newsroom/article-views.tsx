import { diffChars } from 'diff';
import type { ArticleContent, EditableArticle } from '../../modules/articles/index.js';
import { textFromBody } from '../../modules/importer/index.js';
import { listNameVariants } from '../../modules/search/index.js';
import type { SectionRef } from '../../modules/taxonomy/index.js';
import { houseStyleWarnings, type HouseStyleWarning, type NameGroup } from '../../modules/zh/index.js';
import { formatTaipeiDateTime } from '../../platform/time.js';
import type { NewsroomDeps } from './newsroom.context.js';
import type { Translate } from './newsroom.i18n.js';
import { fieldLabel } from './newsroom.labels.js';

/** Pieces of the article screens: house-style warnings, the character diff, the conflict and import panels. */

/** Everything checked in the words a desk uses: the house style over title, lead and body, line by line. */
export function styleWarnings(content: Pick<ArticleContent, 'title' | 'lead' | 'body'>, names: readonly NameGroup[]) {
  const parts: Array<[string, string]> = [
    ['title', content.title],
    ['lead', content.lead ?? ''],
    ['body', textFromBody(content.body)],
  ];
  return parts.flatMap(([field, text]) => houseStyleWarnings(text, names).map((w) => ({ ...w, field })));
}

export async function nameGroups(deps: NewsroomDeps): Promise<NameGroup[]> {
  const { shipped, editors } = await listNameVariants(deps);
  return [...shipped, ...editors.map((e) => ({ taiwan: e.taiwan, variants: [e.form], kind: 'editor' }))];
}

export function warningText(t: Translate, w: HouseStyleWarning & { field: string }): string {
  const where = `${fieldLabel(t, w.field)}${w.field === 'body' ? t(` 第 ${w.line + 1} 行`, ` line ${w.line + 1}`) : ''}`;
  switch (w.kind) {
    case 'mainland':
      return t(`${where}：「${w.found}」是中國大陸用語或簡體字，台灣寫作「${w.suggest}」`, `${where}: "${w.found}" is mainland usage or simplified; Taiwan writes "${w.suggest}"`);
    case 'halfwidth':
      return t(`${where}：中文裡的半形「${w.found}」應為全形「${w.suggest}」`, `${where}: half-width "${w.found}" in Chinese text should be full-width "${w.suggest}"`);
    case 'quotes':
      return t(`${where}：引號「${w.found}」應改用「」『』`, `${where}: the quotation mark ${w.found} should be 「」 or 『』`);
    case 'name':
      return t(`${where}：「${w.found}」本站譯名為「${w.suggest}」`, `${where}: "${w.found}" is written "${w.suggest}" here`);
  }
}

/** Side by side, character by character (Chinese has no spaces to diff words by). */
export function CharDiff(props: { before: string; after: string; t: Translate; beforeLabel: string; afterLabel: string }) {
  const parts = diffChars(props.before, props.after);
  return (
    <div class="nr-diff">
      <div>
        <h3>{props.beforeLabel}</h3>
        <pre class="nr-diff__text">{parts.filter((p) => !p.added).map((p) => (p.removed ? <del>{p.value}</del> : <span>{p.value}</span>))}</pre>
      </div>
      <div>
        <h3>{props.afterLabel}</h3>
        <pre class="nr-diff__text">{parts.filter((p) => !p.removed).map((p) => (p.added ? <ins>{p.value}</ins> : <span>{p.value}</span>))}</pre>
      </div>
    </div>
  );
}

/** The readable whole of a version, for diffs: the fields a reader sees, then the body as the editor shows it. */
export function versionText(c: ArticleContent, sections: readonly SectionRef[]): string {
  const section = sections.find((s) => s.id === c.sectionId)?.name ?? String(c.sectionId);
  return [
    `標題：${c.title}`,
    `導言：${c.lead ?? ''}`,
    `作者：${c.bylines.map((b) => (b.bioLine ? `${b.name}／${b.bioLine}` : b.name)).join('；')}`,
    `分類：${section}　標籤：${c.tags.join('、')}`,
    '',
    textFromBody(c.body),
  ].join('\n');
}

export function ConflictPanel(props: { t: Translate; conflict: NonNullable<{ current: EditableArticle; by: string; at: string; mine: ArticleContent | null }>; sections: readonly SectionRef[] }) {
  const { t, conflict } = props;
  return (
    <section class="nr-card nr-conflict" role="alert">
      <h2>{t('儲存衝突：別人已先儲存了新版本', 'Conflict: someone saved a newer version first')}</h2>
      <p>
        {t(
          `${conflict.by} 在 ${formatTaipeiDateTime(conflict.at)} 儲存了第 ${conflict.current.revision} 版。您的修改沒有儲存，但都還在下方的表單裡；請對照兩邊，把要保留的內容合併後再按「儲存」。`,
          `${conflict.by} saved revision ${conflict.current.revision} at ${formatTaipeiDateTime(conflict.at)}. Your changes were not saved, but they are all still in the form below; compare both, merge what you want to keep, then press Save.`,
        )}
      </p>
      {conflict.mine ? (
        <CharDiff
          t={t}
          before={versionText(conflict.current, props.sections)}
          after={versionText(conflict.mine, props.sections)}
          beforeLabel={t(`已儲存的最新版（第 ${conflict.current.revision} 版）`, `The saved version (r${conflict.current.revision})`)}
          afterLabel={t('您的版本（尚未儲存）', 'Your version (not saved)')}
        />
      ) : null}
    </section>
  );
}

export function ImportReport(props: { t: Translate; report: unknown }) {
  const { t } = props;
  const report = props.report as { dropped?: Array<{ line: number; text: string; reason: string }>; repeats?: number } | null;
  if (!report) return null;
  return (
    <section class="nr-card">
      <h2>{t('匯入提醒', 'Import notes')}</h2>
      {report.repeats ? <p>{t(`有 ${report.repeats} 段與導言或前文重複（已標記，頁面照原文顯示）。`, `${report.repeats} paragraphs repeat the lead or earlier text (flagged; shown as in the original).`)}</p> : null}
      {report.dropped && report.dropped.length > 0 ? (
        <>
          <p>{t('匯入時略過的行：', 'Lines left out on import:')}</p>
          <ul class="nr-warnings">
            {report.dropped.map((d) => (
              <li>
                {t(`第 ${d.line} 行（${d.reason}）`, `Line ${d.line} (${d.reason})`)}：{d.text}
              </li>
            ))}
          </ul>
        </>
      ) : (
        <p class="nr-note">{t('沒有略過任何一行。', 'No line was left out.')}</p>
      )}
    </section>
  );
}
