/** A tag as articles carry it. */
export interface TagRef {
  id: number;
  name: string;
}

/** A section as articles carry it. */
export interface SectionRef {
  id: number;
  slug: string;
  name: string;
}
