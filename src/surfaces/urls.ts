/** Every public path in one place, so pages, feeds and the API agree on them. */
export const paths = {
  home: (page = 1) => (page > 1 ? `/?page=${page}` : '/'),
  article: (id: number) => `/article/${id}`,
  author: (id: number, page = 1) => `/author/${id}${page > 1 ? `?page=${page}` : ''}`,
  tag: (name: string, page = 1) => `/tag/${encodeURIComponent(name)}${page > 1 ? `?page=${page}` : ''}`,
  section: (slug: string, page = 1) => `/section/${encodeURIComponent(slug)}${page > 1 ? `?page=${page}` : ''}`,
  contribute: () => '/contribute',
  /** The writer's private page for one submission: the token is the only key to it. */
  submissionTracking: (token: string) => `/contribute/track/${token}`,
  complaint: () => '/complaint',
  media: (key: string) => `/media/originals/${key}`,
  rendition: (key: string) => `/media/renditions/${key}`,
};

/** The mobile version (手機版) lives under /m with the same paths. */
export function mobilePath(desktopPath: string): string {
  return desktopPath === '/' ? '/m/' : desktopPath.startsWith('/?') ? `/m/${desktopPath.slice(1)}` : `/m${desktopPath}`;
}

export function desktopPath(mobile: string): string {
  if (mobile === '/m' || mobile === '/m/') return '/';
  if (mobile.startsWith('/m/?')) return `/${mobile.slice(3)}`;
  return mobile.startsWith('/m/') ? mobile.slice(2) : mobile;
}

export function shareLinks(canonicalUrl: string): { line: string; facebook: string; lineUrl: string; facebookUrl: string } {
  // The from= marker lets the site count visits that came through each share button.
  const lineUrl = `${canonicalUrl}?from=line`;
  const facebookUrl = `${canonicalUrl}?from=fb`;
  return {
    lineUrl,
    facebookUrl,
    line: `https://social-plugins.line.me/lineit/share?url=${encodeURIComponent(lineUrl)}`,
    facebook: `https://www.facebook.com/sharer/sharer.php?u=${encodeURIComponent(facebookUrl)}`,
  };
}

/** The absolute links 我要投稿's e-mails carry (the tracking page, the published piece), from BASE_URL. */
export function submissionLinks(baseUrl: string): { tracking(token: string): string; article(id: number): string } {
  return { tracking: (token) => `${baseUrl}${paths.submissionTracking(token)}`, article: (id) => `${baseUrl}${paths.article(id)}` };
}
