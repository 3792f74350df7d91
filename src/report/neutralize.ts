import { neutralizeControls } from '../domain/safe-text.js';

/**
 * Text that a spreadsheet would read as a formula (= + - @, or a leading tab / CR) gets a leading
 * apostrophe, so a question copied from a hostile sheet can never run in the report (CSV injection).
 */
export function neutralize(text: string): string {
  // control characters made visible first (an ESC or a C1 control from the customer's sheet)
  const t = neutralizeControls(text, '\t\n');
  return /^[=+\-@\t\r]/.test(t) ? `'${t}` : t;
}
