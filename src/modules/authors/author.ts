/** The public face of a columnist. Private contact details, when they arrive, live elsewhere and never here. */
export interface Author {
  id: number;
  name: string;
  /** staff, columnist, guest, organisation */
  kind: string;
  /** The short line printed after 「●Name／」. */
  bio: string | null;
  longBio: string | null;
}

export const AUTHOR_KINDS = ['staff', 'columnist', 'guest', 'organisation'] as const;
