export { charCount, excerpt, foldKey, readingMinutes } from './text.js';
