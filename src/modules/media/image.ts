/** A stored image with the renditions made so far (none until the background worker is done). */
export interface ImageRef {
  id: number;
  storageKey: string;
  width: number;
  height: number;
  mime: string;
  renditions: Rendition[];
  /** The library's default alt text, for figures that have none of their own. */
  alt?: string | null;
}

export interface Rendition {
  width: number;
  format: 'webp' | 'avif';
  key: string;
}

/** Whose picture it is, as the credit line says it: 本報攝影, an agency (路透、達志影像), a contributor… */
export const CREDIT_TYPES = ['staff', 'agency', 'contributor', 'handout', 'screenshot', 'cc'] as const;
export type CreditType = (typeof CREDIT_TYPES)[number];

/** What the newsroom may do with it: its own, licensed (until an expiry date, if any), or one use only. */
export const RIGHTS = ['owned', 'licensed', 'one_time'] as const;
export type Rights = (typeof RIGHTS)[number];

/** An image as the media library shows and edits it. */
export interface LibraryImage extends ImageRef {
  bytes: number;
  caption: string | null;
  credit: string | null;
  alt: string | null;
  creditType: CreditType | null;
  rights: Rights | null;
  licenceNote: string | null;
  /** YYYY-MM-DD: the last day the licence allows use. */
  licenceExpiresAt: string | null;
  uploadedBy: number | null;
  originalName: string | null;
  createdAt: string;
  updatedAt: string | null;
}

/** What an editor may change about an image in the library (everything else follows from its bytes). */
export interface ImageDetails {
  caption: string | null;
  credit: string | null;
  creditType: CreditType | null;
  rights: Rights | null;
  licenceNote: string | null;
  licenceExpiresAt: string | null;
  alt: string | null;
}

/** Something that must be settled before an article showing the image is published. */
export interface ImageProblem {
  imageId: number;
  code: 'image_missing' | 'alt_missing' | 'licence_expired';
  zh: string;
  en: string;
}
