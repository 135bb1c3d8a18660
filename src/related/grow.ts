// Append-only typed arrays: JS number arrays cost 8 bytes an entry and more while growing, which
// matters with tens of millions of (term, document) pairs at archive scale.

type Typed = Int32Array | Float32Array;

class Grow<T extends Typed> {
  private data: T;
  length = 0;
  constructor(private readonly make: (n: number) => T) {
    this.data = make(1024);
  }
  push(v: number): void {
    if (this.length === this.data.length) {
      const next = this.make(this.data.length * 2);
      next.set(this.data);
      this.data = next;
    }
    this.data[this.length++] = v;
  }
  get(i: number): number {
    return this.data[i]!;
  }
  set(i: number, v: number): void {
    this.data[i] = v;
  }
  toArray(): T {
    return this.data.slice(0, this.length) as T;
  }
}

export class GrowInt32 extends Grow<Int32Array> {
  constructor() {
    super((n) => new Int32Array(n));
  }
}
