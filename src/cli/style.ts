/** The terminal's colours for the report layer's text (report/style.ts): chalk's. */
import chalk from 'chalk';
import type { Style } from '../report/style.js';

export const terminal: Style = {
  bold: (text) => chalk.bold(text),
  dim: (text) => chalk.dim(text),
  green: (text) => chalk.green(text),
  yellow: (text) => chalk.yellow(text),
  red: (text) => chalk.red(text),
};
