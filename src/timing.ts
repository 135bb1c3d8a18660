// One stage's time and the memory the process holds when it ends: `--verbose` prints them, so a
// build that runs out of memory on a big archive says which stage took it there.
import { getHeapStatistics } from 'node:v8';

export interface StageTiming {
  readonly stage: string;
  readonly ms: number;
  /** The process's peak resident memory so far (worker threads included) when the stage ended, MiB. */
  readonly peakMiB: number;
  /** The main thread's JavaScript heap in use when the stage ended, MiB. */
  readonly heapMiB: number;
}

export function stageTiming(stage: string, ms: number): StageTiming {
  return { stage, ms, peakMiB: process.resourceUsage().maxRSS / 1024, heapMiB: getHeapStatistics().used_heap_size / 2 ** 20 };
}
