/**
 * Progress of long runs, drawn on stderr so stdout stays clean for tables, JSON and CSV.
 * Disabled when stderr is not a terminal (CI logs, redirects) or when the output is JSON.
 */
import { SingleBar } from "cli-progress";
import type { OutputFormat } from "./render";

export interface Progress {
  /** Starts (or restarts) the bar for `total` steps. */
  start(total: number, label: string): void;
  /** One step done. */
  tick(): void;
  /** Erases the bar. */
  stop(): void;
}

/** A progress that draws nothing: for tests, JSON output and non-terminals. */
export const silentProgress: Progress = {
  start: () => undefined,
  tick: () => undefined,
  stop: () => undefined,
};

export interface ProgressOptions {
  readonly format: OutputFormat;
  /** `--no-progress`. */
  readonly requested?: boolean;
  /** Whether the stream is a terminal (`CommandIo.stderrIsTty`). */
  readonly isTty: boolean;
  /** Where to draw; stderr by default. */
  readonly stream?: NodeJS.WritableStream;
}

/** Whether a bar should be drawn at all. */
export function progressEnabled(options: ProgressOptions): boolean {
  return options.requested !== false && options.format !== "json" && options.isTty;
}

/** A cli-progress bar on stderr, or `silentProgress` when disabled. */
export function createProgress(options: ProgressOptions): Progress {
  if (!progressEnabled(options)) return silentProgress;
  const stream = options.stream ?? process.stderr;
  let bar: SingleBar | undefined;
  return {
    start(total, label) {
      bar?.stop();
      bar = new SingleBar({
        stream,
        format: `${label} [{bar}] {value}/{total} {duration_formatted}`,
        clearOnComplete: true,
        hideCursor: true,
      });
      bar.start(total, 0);
    },
    tick() {
      bar?.increment();
    },
    stop() {
      bar?.stop();
      bar = undefined;
    },
  };
}
