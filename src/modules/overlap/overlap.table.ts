/** One fingerprint of one text; kind 1 = article, 2 = submission (see KIND_CODES in overlap.repo.ts). */
export interface TextFingerprintsTable {
  /** A winnowed shingle hash, a signed 32-bit integer on both engines. */
  hash: number;
  kind: number;
  doc_id: number;
}

export interface TextFingerprintDocsTable {
  kind: number;
  doc_id: number;
  /** The text's fingerprints, little-endian int32s, sorted. */
  fingerprints: Uint8Array;
  /** Articles: the updated_at that was indexed; null for texts the caller indexes itself. */
  version: string | null;
}

export interface TextFingerprintProgressTable {
  source: string;
  after_updated_at: string;
  after_id: number;
}
