/**
 * How text for a terminal is emphasised. The report layer decides what is bold or dim; cli/ passes
 * the colours (chalk, which honours the terminal and NO_COLOR), so nothing below cli/ colours.
 */
export interface Style {
  bold(text: string): string;
  dim(text: string): string;
  green(text: string): string;
  yellow(text: string): string;
  red(text: string): string;
}

const same = (text: string): string => text;

/** No emphasis: the text as it is (files, tests). */
export const PLAIN: Style = { bold: same, dim: same, green: same, yellow: same, red: same };
