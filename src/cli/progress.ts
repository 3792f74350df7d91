import ora, { type Ora } from 'ora';

export interface Progress {
  text(message: string): void;
  stop(): void;
}

/** An ora spinner on an interactive terminal only; silent in pipes, CI and with --json / --quiet. */
export function startProgress(enabled: boolean): Progress {
  if (!enabled || !process.stderr.isTTY || process.env.CI) return { text() {}, stop() {} };
  const spinner: Ora = ora({ stream: process.stderr }).start();
  return {
    text(message) {
      spinner.text = message;
    },
    stop() {
      if (spinner.isSpinning) spinner.stop();
    },
  };
}
