export interface Progress {
  text(message: string): void;
  stop(): void;
}

const SILENT: Progress = { text() {}, stop() {} };

/**
 * An ora spinner on an interactive terminal only; silent in pipes, CI and with --json / --quiet.
 * ora is imported only when a spinner will show, so scripted runs do not pay for loading it.
 */
export async function startProgress(enabled: boolean): Promise<Progress> {
  // a pty without a width (some CI runners, `script`) makes a spinner redraw endlessly
  if (!enabled || !process.stderr.isTTY || process.env.CI || !(process.stderr.columns > 0)) return SILENT;
  const { default: ora } = await import('ora');
  const spinner = ora({ stream: process.stderr }).start();
  return {
    text(message) {
      spinner.text = message;
    },
    stop() {
      if (spinner.isSpinning) spinner.stop();
    },
  };
}
