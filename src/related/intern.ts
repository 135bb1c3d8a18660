// Term hashes to dense ids: an open-addressing hash table over Int32Arrays. A Map<number, number>
// costs a boxed entry per term and was the slowest line of the index build; this one is two flat
// arrays that double when half full.

export class IntIds {
  private keys: Int32Array;
  private values: Int32Array;
  private mask: number;
  private used = 0;

  constructor(capacity = 1 << 16) {
    let size = 16;
    while (size < capacity * 2) size *= 2;
    this.keys = new Int32Array(size);
    this.values = new Int32Array(size).fill(-1);
    this.mask = size - 1;
  }

  get size(): number {
    return this.used;
  }

  /** The id of `key`, giving it the next free id (this.size) if it has none. */
  intern(key: number): number {
    let slot = mix(key) & this.mask;
    for (;;) {
      const id = this.values[slot]!;
      if (id === -1) break;
      if (this.keys[slot] === key) return id;
      slot = (slot + 1) & this.mask;
    }
    const id = this.used++;
    this.keys[slot] = key;
    this.values[slot] = id;
    if (this.used * 2 > this.keys.length) this.grow();
    return id;
  }

  /** The id of `key`, or -1. */
  get(key: number): number {
    let slot = mix(key) & this.mask;
    for (;;) {
      const id = this.values[slot]!;
      if (id === -1 || this.keys[slot] === key) return id;
      slot = (slot + 1) & this.mask;
    }
  }

  private grow(): void {
    const { keys, values } = this;
    this.keys = new Int32Array(keys.length * 2);
    this.values = new Int32Array(keys.length * 2).fill(-1);
    this.mask = this.keys.length - 1;
    for (let i = 0; i < keys.length; i++) {
      if (values[i] === -1) continue;
      let slot = mix(keys[i]!) & this.mask;
      while (this.values[slot] !== -1) slot = (slot + 1) & this.mask;
      this.keys[slot] = keys[i]!;
      this.values[slot] = values[i]!;
    }
  }
}

/** Spreads hash bits so that keys differing in high bits land in different slots (murmur3 fmix). */
function mix(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  return h ^ (h >>> 16);
}
