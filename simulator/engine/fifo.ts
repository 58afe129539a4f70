/** A growable ring-buffer FIFO with O(1) push, shift and unshift (requeue at the head). */
export class Fifo<T> {
  private buf: (T | undefined)[];
  private head = 0;
  private n = 0;

  constructor(capacity = 8) {
    // A power of two, so indices wrap with a mask.
    let cap = 8;
    while (cap < capacity) cap *= 2;
    this.buf = new Array<T | undefined>(cap);
  }

  get length(): number {
    return this.n;
  }

  push(v: T): void {
    if (this.n === this.buf.length) this.grow();
    this.buf[(this.head + this.n) & (this.buf.length - 1)] = v;
    this.n++;
  }

  unshift(v: T): void {
    if (this.n === this.buf.length) this.grow();
    this.head = (this.head - 1) & (this.buf.length - 1);
    this.buf[this.head] = v;
    this.n++;
  }

  shift(): T | undefined {
    if (this.n === 0) return undefined;
    const v = this.buf[this.head];
    this.buf[this.head] = undefined;
    this.head = (this.head + 1) & (this.buf.length - 1);
    this.n--;
    return v;
  }

  peek(): T | undefined {
    return this.n === 0 ? undefined : this.buf[this.head];
  }

  /** Removes and returns every element, oldest first. */
  drain(): T[] {
    const out: T[] = [];
    while (this.n > 0) out.push(this.shift()!);
    return out;
  }

  private grow(): void {
    const old = this.buf;
    const next = new Array<T | undefined>(old.length * 2);
    for (let i = 0; i < this.n; i++) next[i] = old[(this.head + i) & (old.length - 1)];
    this.buf = next;
    this.head = 0;
  }
}
