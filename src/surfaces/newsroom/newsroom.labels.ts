import type { ArticleState, Transition } from '../../modules/articles/index.js';
import type { Translate } from './newsroom.i18n.js';

/** The glossary's words for each state, in the order a piece moves through them. */
export const STATE_ORDER: readonly ArticleState[] = ['draft', 'in_review', 'scheduled', 'published', 'unlisted', 'retracted'];

export function stateLabel(t: Translate, state: ArticleState, firstPublishedAt: string | null = null): string {
  switch (state) {
    case 'draft':
      // A piece taken off the site goes back to the drafts but has been out: the desk calls it 已下架.
      return firstPublishedAt ? t('已下架', 'Unpublished') : t('草稿', 'Draft');
    case 'in_review':
      return t('待審', 'In review');
    case 'scheduled':
      return t('已排程', 'Scheduled');
    case 'published':
      return t('已發布', 'Published');
    case 'unlisted':
      return t('不公開列出', 'Unlisted');
    case 'retracted':
      return t('已撤稿', 'Retracted');
  }
}

export function transitionLabel(t: Translate, transition: Transition): string {
  switch (transition) {
    case 'submit':
      return t('送審', 'Submit for review');
    case 'return':
      return t('退回草稿', 'Return to draft');
    case 'schedule':
      return t('排程發布', 'Schedule');
    case 'unschedule':
      return t('取消排程', 'Unschedule');
    case 'publish':
      return t('立即發布', 'Publish now');
    case 'unlist':
      return t('改為不公開列出', 'Unlist');
    case 'relist':
      return t('恢復公開列出', 'List again');
    case 'unpublish':
      return t('下架', 'Unpublish');
    case 'retract':
      return t('撤稿', 'Retract');
  }
}

export function actionLabel(t: Translate, action: string): string {
  if (action === 'create') return t('建立', 'Created');
  if (action === 'save') return t('儲存', 'Saved');
  if (action === 'restore') return t('還原', 'Restored');
  return transitionLabel(t, action as Transition);
}

export const KINDS: ReadonlyArray<[string, string, string]> = [
  ['op-ed', '投書', 'Op-ed'],
  ['column', '專欄', 'Column'],
  ['editorial', '社論', 'Editorial'],
];

export const FIELD_LABELS: Readonly<Record<string, [string, string]>> = {
  kind: ['類型', 'Kind'],
  title: ['標題', 'Title'],
  subtitle: ['副標', 'Subtitle'],
  leadLabel: ['導言標籤', 'Lead label'],
  lead: ['導言', 'Lead'],
  body: ['內文', 'Body'],
  bylines: ['作者', 'Bylines'],
  sectionId: ['分類', 'Section'],
  tags: ['標籤', 'Tags'],
  showDisclaimer: ['免責聲明', 'Disclaimer'],
  disclaimerOverride: ['本篇免責聲明', 'Disclaimer for this piece'],
  ogTitle: ['社群標題', 'Social title'],
  ogDescription: ['社群描述', 'Social description'],
  ogImageId: ['社群圖片', 'Social image'],
  sourceNote: ['來源說明', 'Source note'],
};

export function fieldLabel(t: Translate, field: string): string {
  const label = FIELD_LABELS[field];
  return label ? t(label[0], label[1]) : field;
}
