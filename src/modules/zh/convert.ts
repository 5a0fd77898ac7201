import * as OpenCC from 'opencc-js';
import { fold } from './fold.js';

// Simplified (mainland) → Traditional with Taiwan phrases (s2twp): 软件 → 軟體, 人工智能 → 人工智慧.
const s2twp = OpenCC.Converter({ from: 'cn', to: 'twp' });

/** A query as a Taiwanese reader would have typed it: Traditional, Taiwan phrasing, folded. */
export function toTaiwanFolded(text: string): string {
  return fold(s2twp(text));
}
