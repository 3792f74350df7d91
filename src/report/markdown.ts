/**
 * Untrusted text (questions, sheet and file names, bank text) in GitHub-flavoured Markdown: nothing
 * in it may become markup. Raw HTML (`<script>`, `<img onerror>`), links and images (`[x](javascript:…)`),
 * autolinks (`<…>`, bare `http://`, `www.`, e-mail addresses), entities, emphasis and code spans are
 * backslash-escaped; in a table cell a pipe is escaped after any backslash is (a `\|` in the text
 * would otherwise become an escaped backslash and a live pipe that splits the cell), and line breaks
 * become spaces. Control characters are made visible first (safe-text.ts).
 */
import { neutralizeControls } from '../domain/safe-text.js';

/** ASCII punctuation that means something inline in CommonMark / GFM. */
const INLINE = /[\\`*_{}[\]<>()!|&~@]/g;

/** Text for one line of Markdown (a heading, a list item, a table cell): no markup, no line break. */
export function mdText(text: string): string {
  // one line, no leading indent (four spaces would open a code block in a list item)
  const line = neutralizeControls(text.replace(/\r\n|[\r\n\t]/g, ' '), '').trim();
  return (
    line
      .replace(INLINE, (c) => `\\${c}`)
      // at the start of a list item, text could open a heading, a nested list or a quote
      .replace(/^(\s*)([#+=-]|\d+(?=[.)]))/, (_m, sp: string, lead: string) => (/^\d/.test(lead) ? `${sp}${lead}\\` : `${sp}\\${lead}`))
      // GFM turns bare URLs into links: break the scheme's colon and the dot after www
      .replace(/\b([a-z][a-z0-9+.-]{1,31}):(?=\/\/|[a-z0-9%])/gi, (m, scheme: string) =>
        /^(https?|ftp|mailto|javascript|vbscript|data|file|tel)$/i.test(scheme) ? `${scheme}\\:` : m,
      )
      .replace(/\bwww\./gi, (m) => `${m.slice(0, 3)}\\.`)
  );
}

/** A table cell: as mdText (pipes included), never empty-looking markup. */
export function mdCell(text: string): string {
  return mdText(text);
}
