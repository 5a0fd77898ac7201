import { jsonForScript } from './render.js';

/** The one audited place where the site emits unescaped markup: JSON made inert by jsonForScript. */
export function JsonLd({ data }: { data: unknown }) {
  return <script type="application/ld+json" dangerouslySetInnerHTML={{ __html: jsonForScript(data) }} />;
}
