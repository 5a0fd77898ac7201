import type { ComponentChildren } from 'preact';
import type { SiteSettings } from '../../config.js';
import { JsonLd } from '../../platform/html/json-ld.js';
import { desktopPath, mobilePath, paths } from '../urls.js';

export interface SiteContext {
  readonly site: SiteSettings;
  readonly baseUrl: string;
  readonly assets: { readonly css: string; readonly js: string; readonly icon: string };
  readonly sections: ReadonlyArray<{ slug: string; name: string }>;
  /** Header and footer links from the editorial settings, in order. */
  readonly links: ReadonlyArray<{ label: string; url: string }>;
  /** Editorial setting: characters a minute for 「閱讀約 N 分鐘」. */
  readonly readingCharsPerMinute: number;
}

/** A chrome link: site-relative links follow the reader's version (手機版 stays under /m); others leave the site. */
function ChromeLinks(props: { links: SiteContext['links']; link: (p: string) => string; separator?: boolean }) {
  return (
    <>
      {props.links.map((l) => (
        <>
          {l.url.startsWith('/') ? <a href={props.link(l.url)}>{l.label}</a> : <a href={l.url} rel="noopener">{l.label}</a>}
          {props.separator ? ' · ' : null}
        </>
      ))}
    </>
  );
}

export interface PageMeta {
  title: string;
  description: string;
  /** Path of this page on the desktop site; the canonical URL is built from it. */
  desktopPath: string;
  ogType?: 'website' | 'article' | 'profile';
  ogImage?: { url: string; width: number; height: number } | null;
  publishedTime?: string;
  modifiedTime?: string;
  authorUrls?: string[];
  tags?: string[];
  jsonLd?: unknown;
  noindex?: boolean;
  /** Error pages have no mobile twin. */
  noAlternate?: boolean;
}

export function Layout(props: {
  ctx: SiteContext;
  meta: PageMeta;
  mobile: boolean;
  /** The search page has its own, larger search box; a second one in the header only crowds a phone screen. */
  headerSearch?: boolean;
  /** Pages with one responsive version and no twin under /m (我要投稿) show no 手機版／電腦版 switch. */
  versionSwitch?: boolean;
  /** Scripts a page adds after the site's own (progressive enhancement only). */
  scripts?: readonly string[];
  children: ComponentChildren;
}) {
  const { ctx, meta, mobile } = props;
  const { site } = ctx;
  const canonical = ctx.baseUrl + meta.desktopPath;
  const mobileUrl = ctx.baseUrl + mobilePath(meta.desktopPath);
  const fullTitle = meta.title === site.name ? site.name : `${meta.title} | ${site.name}`;
  const here = mobile ? mobilePath(meta.desktopPath) : meta.desktopPath;
  const link = (p: string) => (mobile ? mobilePath(p) : p);
  return (
    <html lang="zh-Hant-TW">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>{fullTitle}</title>
        <meta name="description" content={meta.description} />
        {meta.noindex ? <meta name="robots" content="noindex" /> : null}
        <link rel="canonical" href={canonical} />
        {!mobile && !meta.noAlternate ? <link rel="alternate" media="only screen and (max-width: 640px)" href={mobileUrl} /> : null}
        <meta property="og:site_name" content={site.name} />
        <meta property="og:locale" content="zh_TW" />
        <meta property="og:type" content={meta.ogType ?? 'website'} />
        <meta property="og:title" content={meta.title} />
        <meta property="og:description" content={meta.description} />
        <meta property="og:url" content={canonical} />
        {meta.ogImage ? (
          <>
            <meta property="og:image" content={meta.ogImage.url} />
            <meta property="og:image:width" content={String(meta.ogImage.width)} />
            <meta property="og:image:height" content={String(meta.ogImage.height)} />
          </>
        ) : null}
        {meta.publishedTime ? <meta property="article:published_time" content={meta.publishedTime} /> : null}
        {meta.modifiedTime ? <meta property="article:modified_time" content={meta.modifiedTime} /> : null}
        {meta.ogType === 'article' ? <meta property="article:section" content={site.sectionName} /> : null}
        {(meta.authorUrls ?? []).map((u) => (
          <meta property="article:author" content={u} />
        ))}
        {(meta.tags ?? []).map((t) => (
          <meta property="article:tag" content={t} />
        ))}
        <meta name="twitter:card" content={meta.ogImage ? 'summary_large_image' : 'summary'} />
        <meta name="twitter:title" content={meta.title} />
        <meta name="twitter:description" content={meta.description} />
        {meta.ogImage ? <meta name="twitter:image" content={meta.ogImage.url} /> : null}
        <meta name="theme-color" content="#14263a" />
        <link rel="icon" href={ctx.assets.icon} type="image/svg+xml" />
        <link rel="stylesheet" href={ctx.assets.css} />
        <script src={ctx.assets.js} defer />
        {(props.scripts ?? []).map((src) => (
          <script src={src} defer />
        ))}
        {meta.jsonLd ? <JsonLd data={meta.jsonLd} /> : null}
      </head>
      <body class={mobile ? 'is-mobile' : 'is-desktop'}>
        <a class="skip-link" href="#main">跳到主要內容</a>
        <header class="site-header">
          <div class="topbar">
            <nav class="topbar__links" aria-label="站務連結">
              <a href={link('/')}>{site.name}</a>
              <ChromeLinks links={ctx.links} link={link} />
              <a href={site.submitUrl ?? paths.contribute()}>我要投稿</a>
              <a href={site.complaintUrl ?? paths.complaint()}>我要申訴</a>
              {props.versionSwitch === false ? null : mobile ? (
                <a href={desktopPath(here)} class="topbar__switch" rel="nofollow">
                  電腦版
                </a>
              ) : (
                <a href={mobilePath(here)} class="topbar__switch" rel="nofollow">
                  手機版
                </a>
              )}
            </nav>
          </div>
          <div class="masthead">
            <a class="masthead__name" href={link('/')}>
              {site.name}
            </a>
            <nav class="masthead__sections" aria-label="分類">
              {ctx.sections.map((s) => (
                <a href={link(paths.section(s.slug))}>{s.name}</a>
              ))}
            </nav>
            {props.headerSearch === false ? null : (
              <form class="search-form" action={link('/search')} method="get" role="search">
                <label class="visually-hidden" for="site-search">
                  搜尋評論
                </label>
                <input id="site-search" type="search" name="q" placeholder="搜尋評論" autocomplete="off" />
                <button type="submit">搜尋</button>
              </form>
            )}
          </div>
        </header>
        <main id="main" class="page">
          {props.children}
        </main>
        <footer class="site-footer">
          <p>
            {site.publisher} ·{' '}
            <a href={link('/')}>{site.name}</a> · <ChromeLinks links={ctx.links} link={link} separator />
            <a href={site.submitUrl ?? paths.contribute()}>我要投稿</a> ·{' '}
            <a href={site.complaintUrl ?? paths.complaint()}>我要申訴</a>
            {props.versionSwitch === false ? null : ' · '}
            {props.versionSwitch === false ? null : mobile ? (
              <a href={desktopPath(here)} rel="nofollow">
                電腦版
              </a>
            ) : (
              <a href={mobilePath(here)} rel="nofollow">
                手機版
              </a>
            )}
          </p>
          <p class="site-footer__note">{site.description}</p>
        </footer>
      </body>
    </html>
  );
}
