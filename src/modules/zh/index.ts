export { charCount, excerpt, foldKey, readingMinutes } from './text.js';
export { fold, foldChar } from './fold.js';
export { toTaiwan, toTaiwanFolded } from './convert.js';
export { gramTokens, pieces, wordTokens } from './tokens.js';
export { NameVariants, type NameGroup, shippedNameGroups } from './names.js';
export { type HouseStyleKind, type HouseStyleWarning, houseStyleWarnings } from './house-style.js';
