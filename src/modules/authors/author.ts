/** A public link of an author's (their site, a column elsewhere). */
export interface AuthorLink {
  label: string;
  url: string;
}

/** The public face of a columnist: everything here may be shown to readers. */
export interface Author {
  id: number;
  /** The name printed in bylines; may be a 筆名 (pen name). */
  name: string;
  /** staff, columnist, guest, organisation */
  kind: string;
  /** The short line printed after 「●Name／」. */
  bio: string | null;
  longBio: string | null;
  /** An image from the media library, shown on the author's page. */
  photoImageId: number | null;
  links: AuthorLink[];
}

/** What only the desk sees: never selected for a public page or the API. */
export interface AuthorPrivate {
  realName: string | null;
  email: string | null;
  phone: string | null;
}

export type DeskAuthor = Author & { private: AuthorPrivate; articleCount: number };

export const AUTHOR_KINDS = ['staff', 'columnist', 'guest', 'organisation'] as const;
export type AuthorKind = (typeof AUTHOR_KINDS)[number];
