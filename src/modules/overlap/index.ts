// SHIM: replaced by the real overlap module (helper h-overlap). Same signatures.
import type { Db } from '../../platform/db/database.js';
export interface TextRef { kind: 'article' | 'submission'; id: number }
export interface Overlap { ref: TextRef; sharedFingerprints: number; share: number; passages: { ours: string; theirs: string }[] }
export async function indexText(_deps: { readonly db: Db }, _ref: TextRef, _text: string): Promise<void> {}
export async function forgetText(_deps: { readonly db: Db }, _ref: TextRef): Promise<void> {}
export async function findOverlaps(_deps: { readonly db: Db }, _text: string, _o: { exclude?: TextRef; limit?: number; textOf?: (ref: TextRef) => Promise<string | null> }): Promise<Overlap[]> { return []; }
