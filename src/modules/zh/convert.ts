import * as OpenCC from 'opencc-js';
import { fold } from './fold.js';

// Simplified (mainland) → Traditional with Taiwan phrases (s2twp): 软件 → 軟體, 人工智能 → 人工智慧.
const s2twp = OpenCC.Converter({ from: 'cn', to: 'twp' });

/**
 * Simplified → Taiwan Traditional without folding, for callers that must map converted characters back to the
 * text as written (the overlap detector). Phrases may change length (U盘 → 隨身碟); newlines are kept.
 */
export function toTaiwan(text: string): string {
  return s2twp(text);
}

/** A query as a Taiwanese reader would have typed it: Traditional, Taiwan phrasing, folded. */
export function toTaiwanFolded(text: string): string {
  return fold(s2twp(text));
}
