import type { ComponentChildren } from 'preact';
import { ROLE_LABELS, type User } from '../../modules/accounts/index.js';

export interface NewsroomPage {
  /** Fingerprinted stylesheet path. */
  readonly css: string;
  /** The signed-in staff member, or null on the login screens. */
  readonly user: User | null;
  /** The CSRF token for this response's forms. */
  readonly csrf: string;
}

/** Every form that changes something carries the token; a post without it is refused. */
export function CsrfField(props: { token: string }) {
  return <input type="hidden" name="_csrf" value={props.token} />;
}

export function NewsroomLayout(props: { page: NewsroomPage; title: string; children: ComponentChildren }) {
  const { user, csrf } = props.page;
  return (
    <html lang="zh-Hant-TW">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <meta name="robots" content="noindex, nofollow" />
        <title>{`${props.title} | 新聞室`}</title>
        <link rel="stylesheet" href={props.page.css} />
      </head>
      <body>
        <header class="nr-header">
          <a class="nr-brand" href="/newsroom/">
            新聞室
          </a>
          {user ? (
            <nav class="nr-nav" aria-label="新聞室">
              <a href="/newsroom/">總覽</a>
              {user.role === 'admin' ? <a href="/newsroom/audit">操作紀錄</a> : null}
              <a href="/newsroom/password">變更密碼</a>
              <span>
                {user.displayName}（{ROLE_LABELS[user.role].zh}）
              </span>
              <form method="post" action="/newsroom/logout">
                <CsrfField token={csrf} />
                <button class="nr-linkbutton" type="submit">
                  登出
                </button>
              </form>
            </nav>
          ) : null}
        </header>
        <main id="main">{props.children}</main>
      </body>
    </html>
  );
}
