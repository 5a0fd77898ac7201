export {
  articleOverlapText,
  catchUpArticles,
  type CatchUpOptions,
  DEFAULT_MIN_SHARE,
  findOverlaps,
  type FindOverlapsOptions,
  forgetText,
  indexText,
  type Overlap,
  type OverlapDeps,
  overlapIndexSize,
  type Passage,
  type TextKind,
  type TextRef,
} from './overlap.service.js';
export { MIN_PASSAGE, SHINGLE, WINDOW } from './shingles.js';
