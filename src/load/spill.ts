// Article bodies out of the heap while a one-off build runs. A parsed body is about 6 KB of HTML,
// held by V8 as UTF-16 when it has one curly quote, so a 100k archive's bodies alone were over
// a gigabyte of heap from parse to the end of the build. Each batch of parsed bodies is written
// to one temporary file as it arrives, and each article keeps a reader of its bytes, used when a
// page (or the cache) asks for them. The operating system's page cache, not the build's
// memory, then holds them.
//
// Only for builds that end: a watch session keeps parsed articles between builds, so it keeps
// their bodies in memory (build.ts).
import { closeSync, mkdtempSync, openSync, readSync, rmSync, writevSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

export class TextSpill {
  private dir = '';
  private fd = -1;
  private at = 0;
  private closed = false;

  /** The file is made in `parent` on the first `put`. */
  constructor(private readonly parent = tmpdir()) {}

  /** Writes `texts` and gives a reader for each, in order. */
  put(texts: readonly string[]): (() => string)[] {
    if (this.closed) throw new Error('internal: article bodies were kept after their build ended');
    if (this.fd < 0) {
      this.dir = mkdtempSync(path.join(this.parent, 'build-paper-texts-'));
      this.fd = openSync(path.join(this.dir, 'texts'), 'w+');
      // Removed at once where an open file can be (Linux, macOS): the descriptor keeps it until
      // the process ends, so a build that is killed (a cancelled CI job) leaves nothing behind.
      // Elsewhere close() removes it.
      try {
        rmSync(this.dir, { recursive: true });
        this.dir = '';
      } catch {
        // Still open and in use: removed by close().
      }
    }
    const buffers = texts.map((t) => Buffer.from(t, 'utf8'));
    const total = buffers.reduce((n, b) => n + b.length, 0);
    if (writevSync(this.fd, buffers, this.at) !== total) throw new Error('internal: the build\'s temporary file of article bodies took only part of a write');
    return buffers.map((b) => {
      const at = this.at;
      this.at += b.length;
      return this.reader(at, b.length);
    });
  }

  /** Removes the file; a reader used afterwards throws (its descriptor may be another file's by then). */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    if (this.fd < 0) return;
    closeSync(this.fd);
    if (this.dir) rmSync(this.dir, { recursive: true, force: true });
  }

  private reader(at: number, length: number): () => string {
    return () => {
      if (this.closed) throw new Error('internal: an article body was read after its build ended');
      const buf = Buffer.allocUnsafe(length);
      let got = 0;
      while (got < length) {
        const n = readSync(this.fd, buf, got, length - got, at + got);
        if (n === 0) throw new Error('internal: the build\'s temporary file of article bodies was cut short');
        got += n;
      }
      return buf.toString('utf8');
    };
  }
}

/** Readers of the bodies that wait outside the heap, by article record. */
const deferred = new WeakMap<object, () => string>();

/**
 * Lets `article`'s body wait where `read` finds it: the record's own `bodyHtml` becomes '' (a
 * plain field, so records stay in V8's fast mode; a getter of their own on each record made
 * every one a slow dictionary object, 15 MB more heap at 10k) and bodyOf reads it on use.
 */
export function deferBody(article: { readonly bodyHtml: string }, read: () => string): void {
  (article as { bodyHtml: string }).bodyHtml = '';
  deferred.set(article, read);
}

/** An article's body, wherever it waits. */
export function bodyOf(article: { readonly bodyHtml: string }): string {
  const read = deferred.get(article);
  return read ? read() : article.bodyHtml;
}
