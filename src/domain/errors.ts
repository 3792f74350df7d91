/**
 * Expected failures: something about the input or the invocation that the user can fix.
 * The CLI prints `error: <message>` and `hint: <hint>` without a stack and exits 2.
 * Anything that is not a KotaeError is a bug and keeps its stack.
 */
export type ErrorCode =
  | 'EMPTY_FILE'
  | 'NOT_A_WORKBOOK'
  | 'CORRUPT_ZIP'
  | 'NO_WORKBOOK_PART'
  | 'MALFORMED_XML'
  | 'UNSAFE_XML'
  | 'TOO_LARGE'
  | 'ENCRYPTED'
  | 'BAD_PASSWORD'
  | 'LEGACY_FORMAT'
  | 'NO_QUESTIONNAIRE'
  | 'EMPTY_SHEET'
  | 'SHEET_NOT_FOUND'
  | 'BAD_OPTION'
  | 'OUTPUT_EXISTS'
  | 'OUTPUT_IS_INPUT'
  | 'FILE_NOT_FOUND'
  | 'IO_ERROR'
  | 'BANK_INVALID'
  | 'BANK_NOT_FOUND'
  | 'BAD_REPORT'
  | 'REPORT_STALE'
  | 'FILE_IN_USE';

export class KotaeError extends Error {
  readonly code: ErrorCode;
  readonly hint: string | undefined;
  constructor(code: ErrorCode, message: string, hint?: string) {
    super(message);
    this.name = 'KotaeError';
    this.code = code;
    this.hint = hint;
  }
}

export function isKotaeError(e: unknown): e is KotaeError {
  return e instanceof KotaeError;
}
