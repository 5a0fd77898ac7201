import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { fold } from './fold.js';

/** One person or place: the form Taiwanese media use and the forms used elsewhere. */
export interface NameGroup {
  taiwan: string;
  variants: string[];
  kind: string;
}

// src/modules/zh and dist/modules/zh are both three levels below the project root.
const dataFile = fileURLToPath(new URL('../../../assets/search/name-variants.json', import.meta.url));

export function shippedNameGroups(): NameGroup[] {
  const doc = JSON.parse(readFileSync(dataFile, 'utf8')) as { entries: NameGroup[] };
  return doc.entries;
}

/**
 * Finds name variants inside a folded query and offers the query rewritten with each other form:
 * 特朗普關稅 → 川普關稅. Longer names win over shorter ones they contain (沙烏地阿拉伯 before 沙烏地).
 */
export class NameVariants {
  private readonly forms: Array<{ form: string; group: string[] }>;

  constructor(groups: readonly NameGroup[]) {
    const forms: Array<{ form: string; group: string[] }> = [];
    for (const g of groups) {
      const members = [...new Set([g.taiwan, ...g.variants].map(fold))].filter((m) => m.length > 0);
      for (const m of members) forms.push({ form: m, group: members });
    }
    this.forms = forms.sort((a, b) => b.form.length - a.form.length);
  }

  /** Other spellings of the whole query, at most `limit`. */
  alternatives(foldedQuery: string, limit = 8): string[] {
    const out = new Set<string>();
    for (const { form, group } of this.forms) {
      if (!foldedQuery.includes(form)) continue;
      for (const other of group) {
        if (other === form || other.includes(form)) continue;
        out.add(foldedQuery.split(form).join(other));
        if (out.size >= limit) return [...out];
      }
    }
    return [...out];
  }

  get size(): number {
    return this.forms.length;
  }
}
