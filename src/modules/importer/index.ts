export {
  INTERSTITIAL_LINES,
  type DroppedLine,
  type ParsedArticle,
  type ParsedBlock,
  parseArticleText,
  toImportJson,
} from './parse.js';
export {
  type DraftImportOutcome,
  type DraftImportReport,
  ImportProblem,
  type ImportOptions,
  type ImportOutcome,
  MAX_IMPORT_BYTES,
  decodePageText,
  importKey,
  importPage,
  importPageAsDraft,
  parsePage,
  toBody,
} from './import.service.js';
export { type BodyFromText, bodyFromText, embedOf, textFromBody } from './body-text.js';
