/**
 * Which answer words a questionnaire sheet uses (vocab.ts knows the words themselves): its
 * dropdown, its answer column's header, a legend or the instructions in its top rows, the default
 * of its language, or `--vocab`.
 */
import type { Language } from '../domain/types.js';
import type { DataValidation, WorkbookModel } from '../workbook/model.js';
import type { SheetView } from './sheet-view.js';
import type { LayoutColumns, LayoutOverrides } from './types.js';
import { DEFAULT_VOCAB, vocabFromItems, vocabFromLegend, vocabFromWords, type Vocab } from './vocab.js';

/** An answer scale stated in a sheet's top rows: where it stands, and whether in symbols or words. */
export interface Legend {
  row: number;
  vocab: Vocab;
  /** a legend of symbols (「○：対応可 ×：不可」); else words (「はい」「いいえ」「該当なし」) */
  symbols: boolean;
}

/**
 * Answer scales stated in the top `scanRows` rows of every sheet: legends of symbols (「○：対応可 ×：不可」) and
 * scales in words in instruction sentences (「回答欄には「はい」「いいえ」「該当なし」のいずれかを」).
 */
export function collectLegends(wb: WorkbookModel, scanRows: number): Map<string, Legend[]> {
  const out = new Map<string, Legend[]>();
  for (const sheet of wb.sheets) {
    const found: Legend[] = [];
    for (let r = 1; r <= Math.min(sheet.maxRow, scanRows); r++) {
      for (const cell of sheet.rows.get(r)?.values() ?? []) {
        if (cell.text.length > 400) continue;
        const symbols = vocabFromLegend(cell.text);
        const vocab = symbols ?? vocabFromWords(cell.text);
        if (vocab) found.push({ row: r, vocab, symbols: symbols !== undefined });
      }
    }
    if (found.length > 0) out.set(sheet.name, found);
  }
  return out;
}

/** The `--vocab` example for a scale kotae could not read. */
function vocabHint(items: string[]): string {
  const [a, b] = items;
  return `say which item means yes and which no with --vocab, e.g. --vocab "yes=${a ?? '…'},no=${b ?? '…'}"`;
}

/**
 * The answer words of a questionnaire sheet: `--vocab`, else the dropdown most answer cells carry,
 * else the answer column's header, else a legend or the instructions of this sheet (or another),
 * else the default for its language; an error when the only dropdown is a scale kotae cannot read.
 */
export function pickVocab(
  view: SheetView,
  cols: LayoutColumns,
  rows: number[],
  headerRow: number,
  legends: Map<string, Legend[]>,
  language: Language,
  overrides: LayoutOverrides,
): Vocab | { error: string } {
  if (overrides.vocab) return overrides.vocab;
  // The dropdown most answer cells carry.
  const counts = new Map<DataValidation, number>();
  for (const r of rows) {
    const v = view.dropdown(r, cols.answer);
    if (v) counts.set(v, (counts.get(v) ?? 0) + 1);
  }
  const ranked = [...counts].sort((a, b) => b[1] - a[1]);
  for (const [v] of ranked) {
    if (!v.items) continue;
    const vocab = vocabFromItems(v.items, 'dropdown');
    if (vocab) return vocab;
  }
  const first = ranked[0]?.[0];
  if (first?.items && first.items.length > 0 && ranked.length === 1) {
    return {
      error: `the answer column's dropdown (${first.items.slice(0, 4).join(', ')}…) is not a yes/no scale kotae can read: ${vocabHint(first.items)}`,
    };
  }
  // The answer column's own header (「回答（はい／いいえ）」), then the sheet's legend or instructions:
  // symbols anywhere in the top rows, words only above the questions (a question may quote an answer word).
  const header = vocabFromLegend(view.text(headerRow, cols.answer)) ?? vocabFromWords(view.text(headerRow, cols.answer));
  if (header) return header;
  const own = (legends.get(view.sheet.name) ?? []).find((l) => l.symbols || l.row <= headerRow);
  if (own) return own.vocab;
  for (const [sheet, found] of legends) if (sheet !== view.sheet.name && found[0]) return found[0].vocab;
  return DEFAULT_VOCAB[language];
}
