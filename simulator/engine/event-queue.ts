/**
 * The future event list: a 4-ary min-heap on flat parallel arrays, ordered by
 * (time, sequence) so that events at equal times run first-in first-out, as
 * SimPy's (time, priority, eid) does. Capacity doubles and never shrinks.
 *
 * Each event carries a small integer kind, an integer generation (so a handler
 * can drop events of an entity that has moved on) and one object reference.
 */
export class EventQueue<T = unknown> {
  private times: Float64Array;
  private seqs: Float64Array;
  private kinds: Int32Array;
  private gens: Int32Array;
  private objs: (T | undefined)[];
  private n = 0;
  private nextSeq = 0;

  /** Fields of the last popped event (read them right after pop()). */
  time = 0;
  kind = 0;
  gen = 0;
  obj: T | undefined = undefined;

  constructor(initialCapacity = 1024) {
    const cap = Math.max(16, initialCapacity);
    this.times = new Float64Array(cap);
    this.seqs = new Float64Array(cap);
    this.kinds = new Int32Array(cap);
    this.gens = new Int32Array(cap);
    this.objs = new Array<T | undefined>(cap);
  }

  get size(): number {
    return this.n;
  }

  /** Time of the next event, or Infinity when empty. */
  peekTime(): number {
    return this.n > 0 ? this.times[0]! : Infinity;
  }

  push(time: number, kind: number, obj: T | undefined, gen = 0): void {
    if (this.n === this.times.length) this.grow();
    const seq = this.nextSeq++;
    // Sift up with a hole: move parents down until the new key fits.
    let i = this.n++;
    const times = this.times;
    const seqs = this.seqs;
    while (i > 0) {
      const p = (i - 1) >> 2;
      const pt = times[p]!;
      if (pt < time || (pt === time && seqs[p]! < seq)) break;
      this.move(p, i);
      i = p;
    }
    times[i] = time;
    seqs[i] = seq;
    this.kinds[i] = kind;
    this.gens[i] = gen;
    this.objs[i] = obj;
  }

  /** Removes the earliest event into time/kind/gen/obj; returns false when empty. */
  pop(): boolean {
    const n = this.n;
    if (n === 0) return false;
    this.time = this.times[0]!;
    this.kind = this.kinds[0]!;
    this.gen = this.gens[0]!;
    this.obj = this.objs[0];
    const last = n - 1;
    this.n = last;
    if (last > 0) {
      const times = this.times;
      const seqs = this.seqs;
      const t = times[last]!;
      const s = seqs[last]!;
      const k = this.kinds[last]!;
      const g = this.gens[last]!;
      const o = this.objs[last];
      let i = 0;
      for (;;) {
        const c0 = 4 * i + 1;
        if (c0 >= last) break;
        // The smallest of up to four children.
        let m = c0;
        let mt = times[c0]!;
        const end = c0 + 4 < last ? c0 + 4 : last;
        // Sequence numbers are read only on a tie of times, which is rare.
        for (let c = c0 + 1; c < end; c++) {
          const ct = times[c]!;
          if (ct < mt || (ct === mt && seqs[c]! < seqs[m]!)) {
            m = c;
            mt = ct;
          }
        }
        if (t < mt || (t === mt && s < seqs[m]!)) break;
        this.move(m, i);
        i = m;
      }
      times[i] = t;
      seqs[i] = s;
      this.kinds[i] = k;
      this.gens[i] = g;
      this.objs[i] = o;
    }
    this.objs[last] = undefined;
    return true;
  }

  clear(): void {
    this.objs.fill(undefined, 0, this.n);
    this.n = 0;
  }

  private move(from: number, to: number): void {
    this.times[to] = this.times[from]!;
    this.seqs[to] = this.seqs[from]!;
    this.kinds[to] = this.kinds[from]!;
    this.gens[to] = this.gens[from]!;
    this.objs[to] = this.objs[from];
  }

  private grow(): void {
    const cap = this.times.length * 2;
    const t = new Float64Array(cap);
    t.set(this.times);
    this.times = t;
    const s = new Float64Array(cap);
    s.set(this.seqs);
    this.seqs = s;
    const k = new Int32Array(cap);
    k.set(this.kinds);
    this.kinds = k;
    const g = new Int32Array(cap);
    g.set(this.gens);
    this.gens = g;
    this.objs.length = cap;
  }
}
