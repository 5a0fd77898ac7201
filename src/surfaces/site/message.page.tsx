import { Layout, type SiteContext } from './layout.js';

/** 404, 500, 400 and "coming soon" pages: a plain message in zh-Hant and a way back. */
export function MessagePage(props: {
  ctx: SiteContext;
  mobile: boolean;
  title: string;
  message: string;
  code?: string;
  desktopPath: string;
}) {
  const home = props.mobile ? '/m/' : '/';
  return (
    <Layout
      ctx={props.ctx}
      mobile={props.mobile}
      meta={{ title: props.title, description: props.message, desktopPath: props.desktopPath, noindex: true, noAlternate: true }}
    >
      <section class="message">
        {props.code ? <p class="message__code">{props.code}</p> : null}
        <h1 class="message__title">{props.title}</h1>
        <p class="message__text">{props.message}</p>
        <p>
          <a class="button" href={home}>
            回到首頁
          </a>
        </p>
      </section>
    </Layout>
  );
}
