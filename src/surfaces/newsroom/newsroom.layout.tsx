import type { ComponentChildren } from 'preact';
import { may, ROLE_LABELS } from '../../modules/accounts/index.js';
import type { NewsroomPage } from './newsroom.context.js';
import { HTML_LANG, type Translate } from './newsroom.i18n.js';

export type { NewsroomPage } from './newsroom.context.js';

/** Every form that changes something carries the token; a post without it is refused. */
export function CsrfField(props: { token: string }) {
  return <input type="hidden" name="_csrf" value={props.token} />;
}

/** The switch between zh-Hant and English: a form, so it works without JavaScript and is CSRF-protected. */
function LanguageSwitch(props: { page: NewsroomPage }) {
  const { page } = props;
  const to = page.lang === 'en' ? 'zh-Hant' : 'en';
  return (
    <form method="post" action="/newsroom/lang" class="nr-lang">
      <CsrfField token={page.csrf} />
      <input type="hidden" name="lang" value={to} />
      <input type="hidden" name="back" value={page.path} />
      <button class="nr-linkbutton" type="submit" lang={HTML_LANG[to]}>
        {to === 'en' ? 'English' : '中文'}
      </button>
    </form>
  );
}

export function NewsroomLayout(props: { page: NewsroomPage; title: string; wide?: boolean; children: ComponentChildren }) {
  const { page } = props;
  const { user, csrf, t } = page;
  return (
    <html lang={HTML_LANG[page.lang]}>
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <meta name="robots" content="noindex, nofollow" />
        <title>{`${props.title} | ${t('新聞室', 'Newsroom')}`}</title>
        <link rel="stylesheet" href={page.css} />
      </head>
      <body>
        <a class="nr-skip" href="#main">
          {t('跳到主要內容', 'Skip to content')}
        </a>
        <header class="nr-header">
          <a class="nr-brand" href="/newsroom/">
            {t('新聞室', 'Newsroom')}
          </a>
          {user ? (
            <nav class="nr-nav" aria-label={t('新聞室', 'Newsroom')}>
              <a href="/newsroom/">{t('總覽', 'Overview')}</a>
              <a href="/newsroom/articles">{t('文章', 'Articles')}</a>
              {may(user.role, 'article.write') ? <a href="/newsroom/articles/new">{t('寫新文章', 'New article')}</a> : null}
              {may(user.role, 'submissions.handle') ? <a href="/newsroom/submissions">{t('投稿', 'Submissions')}</a> : null}
              <a href="/newsroom/media">{t('媒體庫', 'Media')}</a>
              {may(user.role, 'authors.manage') ? <a href="/newsroom/authors">{t('作者', 'Authors')}</a> : null}
              {may(user.role, 'taxonomy.manage') ? <a href="/newsroom/taxonomy">{t('分類與標籤', 'Sections & tags')}</a> : null}
              {may(user.role, 'names.manage') ? <a href="/newsroom/names">{t('人名對照', 'Name variants')}</a> : null}
              {may(user.role, 'article.write') ? <a href="/newsroom/import">{t('匯入', 'Import')}</a> : null}
              {may(user.role, 'settings.manage') ? <a href="/newsroom/settings">{t('設定', 'Settings')}</a> : null}
              {may(user.role, 'audit.view') ? <a href="/newsroom/audit">{t('操作紀錄', 'Audit log')}</a> : null}
            </nav>
          ) : null}
          <div class="nr-account">
            {user ? (
              <>
                <a href="/newsroom/password" title={t('變更密碼', 'Change password')}>
                  {user.displayName}（{page.lang === 'en' ? ROLE_LABELS[user.role].en : ROLE_LABELS[user.role].zh}）
                </a>
                <form method="post" action="/newsroom/logout">
                  <CsrfField token={csrf} />
                  <button class="nr-linkbutton" type="submit">
                    {t('登出', 'Log out')}
                  </button>
                </form>
              </>
            ) : null}
            <LanguageSwitch page={page} />
          </div>
        </header>
        <main id="main" class={props.wide ? 'nr-wide' : undefined}>
          {props.children}
        </main>
      </body>
    </html>
  );
}

/** Previous / n of m / next, for every paged list of the newsroom; nothing when there is one page. */
export function Pager(props: { t: Translate; page: number; pageCount: number; href: (page: number) => string }) {
  const { t, page, pageCount } = props;
  if (pageCount <= 1) return null;
  return (
    <nav class="nr-pager" aria-label={t('分頁', 'Pages')}>
      {page > 1 ? <a href={props.href(page - 1)}>{t('上一頁', 'Previous')}</a> : null}
      <span>
        {page} / {pageCount}
      </span>
      {page < pageCount ? <a href={props.href(page + 1)}>{t('下一頁', 'Next')}</a> : null}
    </nav>
  );
}
