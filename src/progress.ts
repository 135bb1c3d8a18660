// Progress for long builds: on a terminal one line that updates in place (stage, count, rate,
// ETA), shown once a build has run for about a second; elsewhere (CI logs) a plain line every
// few seconds. The CLI gives it the stream to write to; nothing here touches `process`.

export type ProgressFn = (stage: string, done: number, total: number | null) => void;

export interface ProgressOptions {
  readonly write: (text: string) => void;
  readonly terminal: boolean;
  readonly clock?: () => number;
  /** Nothing is shown before this many ms (short builds stay quiet). */
  readonly delayMs?: number;
  /** Plain lines at most this often when not on a terminal. */
  readonly everyMs?: number;
}

export function createProgress(options: ProgressOptions): { update: ProgressFn; end(): void } {
  const clock = options.clock ?? (() => performance.now());
  const started = clock();
  const delay = options.delayMs ?? 1000;
  const every = options.terminal ? 100 : (options.everyMs ?? 5000);
  let last = -Infinity;
  let stage = '';
  let stageStart = started;
  let shown = false;
  return {
    update(name, done, total) {
      const now = clock();
      if (name !== stage) {
        stage = name;
        stageStart = now;
      }
      // In a log, the first line waits a whole period too: short builds print nothing extra.
      if (now - started < (options.terminal ? delay : every) || now - last < every) return;
      last = now;
      const secs = (now - stageStart) / 1000;
      const rate = secs > 0 ? done / secs : 0;
      const eta = total !== null && rate > 0 ? ` ETA ${Math.ceil((total - done) / rate)} s` : '';
      const count = total === null ? `${done}` : `${done}/${total}`;
      const line = `${name} ${count} (${rate.toFixed(0)}/s${eta})`;
      if (options.terminal) {
        options.write(`\r\x1b[2K${line}`);
        shown = true;
      } else {
        options.write(`${line}\n`);
      }
    },
    end() {
      if (shown) options.write('\r\x1b[2K');
    },
  };
}
