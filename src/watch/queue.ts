// Changes arrive in bursts (an editor's save, a `git checkout` of 500 files). The queue waits for
// a quiet moment, runs one rebuild for the whole burst, and while a rebuild runs it keeps at most
// one follow-up, which then covers everything that changed in the meantime.

/** 'settle' is no file change: the session asks for its settling build once the writer pauses. */
export type ChangeKind = 'content' | 'template' | 'config' | 'settle';

export interface Burst {
  readonly kinds: ReadonlySet<ChangeKind>;
  readonly paths: readonly string[];
}

export class RebuildQueue {
  private pending: { kinds: Set<ChangeKind>; paths: Set<string> } | null = null;
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;

  constructor(
    private readonly run: (burst: Burst) => Promise<void>,
    private readonly quietMs = 40,
  ) {}

  /** Records one change; the rebuild starts once no change has arrived for `quietMs`. */
  add(kind: ChangeKind, path: string): void {
    this.pending ??= { kinds: new Set(), paths: new Set() };
    this.pending.kinds.add(kind);
    this.pending.paths.add(path);
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.flush(), this.quietMs);
  }

  /** Resolves when nothing is pending or running. */
  async idle(): Promise<void> {
    while (this.running || this.pending || this.timer) {
      if (this.running) await this.running;
      else await new Promise((r) => setTimeout(r, this.quietMs));
    }
  }

  private async flush(): Promise<void> {
    this.timer = null;
    if (this.running) return; // the running rebuild picks the pending burst up when it ends
    while (this.pending) {
      const burst = { kinds: this.pending.kinds, paths: [...this.pending.paths].sort() };
      this.pending = null;
      this.running = this.run(burst).catch(() => undefined);
      await this.running;
      this.running = null;
    }
  }

  dispose(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.pending = null;
  }
}
