/** A NaN time would break the heap's order silently; refuse it loudly instead (apart: a cold path). */
function refuseNaN(kind: number): never {
  throw new RangeError(`an event was scheduled at time NaN (kind ${kind})`);
}

/**
 * A delay line: events that all wait the same constant delay come due in the
 * order they were pushed, so a FIFO keeps them sorted for free.
 */
class DelayLine<T> {
  times = new Float64Array(64);
  seqs = new Float64Array(64);
  kinds = new Int32Array(64);
  gens = new Float64Array(64);
  objs: (T | undefined)[] = new Array<T | undefined>(64);
  head = 0;
  n = 0;

  push(time: number, seq: number, kind: number, obj: T | undefined, gen: number): void {
    if (this.n === this.times.length) this.grow();
    const i = (this.head + this.n) & (this.times.length - 1);
    this.times[i] = time;
    this.seqs[i] = seq;
    this.kinds[i] = kind;
    this.gens[i] = gen;
    this.objs[i] = obj;
    this.n++;
  }

  private grow(): void {
    const cap = this.times.length * 2;
    const mask = this.times.length - 1;
    const times = new Float64Array(cap);
    const seqs = new Float64Array(cap);
    const kinds = new Int32Array(cap);
    const gens = new Float64Array(cap);
    const objs = new Array<T | undefined>(cap);
    for (let k = 0; k < this.n; k++) {
      const j = (this.head + k) & mask;
      times[k] = this.times[j]!;
      seqs[k] = this.seqs[j]!;
      kinds[k] = this.kinds[j]!;
      gens[k] = this.gens[j]!;
      objs[k] = this.objs[j];
    }
    this.times = times;
    this.seqs = seqs;
    this.kinds = kinds;
    this.gens = gens;
    this.objs = objs;
    this.head = 0;
  }
}

/**
 * The future event list: a 4-ary min-heap ordered by (time, sequence), so that
 * events at equal times run first-in first-out, as SimPy's (time, priority, eid)
 * does. The heap itself holds only times and slot numbers (two flat arrays), so
 * a sift moves two numbers per level; an event's kind, generation, object and
 * sequence number stay put in its slot until it is popped. Capacity doubles and
 * never shrinks.
 *
 * Each event carries a small integer kind, an integer generation (so a handler
 * can drop events of an entity that has moved on) and one object reference.
 *
 * Events with a constant delay (a network hop of fixed latency, a fixed work
 * time) can go to a delay line instead: pop() takes the earliest of the heap's
 * top and the lines' heads, by the same (time, sequence) order, so the order of
 * events is exactly the heap-only order while most pushes and pops skip the heap.
 */
export class EventQueue<T = unknown> {
  private readonly lines: DelayLine<T>[] = [];
  private inLines = 0;
  private times: Float64Array;
  private slots: Int32Array;
  private seqs: Float64Array;
  private kinds: Int32Array;
  /** Float64: generations of pooled objects grow for the whole run and must not wrap. */
  private gens: Float64Array;
  private objs: (T | undefined)[];
  private free: Int32Array;
  private freeTop: number;
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
    this.slots = new Int32Array(cap);
    this.seqs = new Float64Array(cap);
    this.kinds = new Int32Array(cap);
    this.gens = new Float64Array(cap);
    this.objs = new Array<T | undefined>(cap);
    this.free = new Int32Array(cap);
    for (let i = 0; i < cap; i++) this.free[i] = cap - 1 - i;
    this.freeTop = cap;
  }

  get size(): number {
    return this.n + this.inLines;
  }

  /** Time of the next event, or Infinity when empty. */
  peekTime(): number {
    let t = this.n > 0 ? this.times[0]! : Infinity;
    const lines = this.lines;
    for (let l = 0; l < lines.length; l++) {
      const line = lines[l]!;
      if (line.n > 0 && line.times[line.head]! < t) t = line.times[line.head]!;
    }
    return t;
  }

  /** Adds a delay line and returns its number; push to it only events of one constant delay. */
  addLine(): number {
    this.lines.push(new DelayLine<T>());
    return this.lines.length - 1;
  }

  /** Pushes to a delay line; `time` must not be earlier than the line's last push. */
  pushLine(line: number, time: number, kind: number, obj: T | undefined, gen = 0): void {
    if (time !== time) refuseNaN(kind);
    this.lines[line]!.push(time, this.nextSeq++, kind, obj, gen);
    this.inLines++;
  }

  push(time: number, kind: number, obj: T | undefined, gen = 0): void {
    this.pushInOrder(time, this.nextSeq++, kind, obj, gen);
  }

  /**
   * Takes the next sequence number now for an event pushed later (pushInOrder): that event
   * then runs, among events of its time, where it would have run had it been pushed now.
   */
  reserveSeq(): number {
    return this.nextSeq++;
  }

  /** Pushes an event with a sequence number from reserveSeq(). */
  pushInOrder(time: number, seq: number, kind: number, obj: T | undefined, gen = 0): void {
    if (time !== time) refuseNaN(kind);
    if (this.n === this.times.length) this.grow();
    const slot = this.free[--this.freeTop]!;
    this.seqs[slot] = seq;
    this.kinds[slot] = kind;
    this.gens[slot] = gen;
    this.objs[slot] = obj;
    // Sift up with a hole: move parents down until the new key fits.
    const times = this.times;
    const slots = this.slots;
    let i = this.n++;
    while (i > 0) {
      const p = (i - 1) >> 2;
      const pt = times[p]!;
      if (pt < time || (pt === time && this.seqs[slots[p]!]! < seq)) break;
      times[i] = pt;
      slots[i] = slots[p]!;
      i = p;
    }
    times[i] = time;
    slots[i] = slot;
  }

  /** Removes the earliest event into time/kind/gen/obj; returns false when empty. */
  pop(): boolean {
    return this.popBefore(Infinity);
  }

  /**
   * Removes the earliest event if it is due before `limit` (one scan serves both the
   * check and the removal); returns false, removing nothing, otherwise.
   */
  popBefore(limit: number): boolean {
    if (this.inLines > 0) return this.popBeforeWithLines(limit);
    // Heap only: small enough to inline into the run loop.
    if (this.n > 0 && this.times[0]! < limit) return this.popHeap();
    return false;
  }

  private popBeforeWithLines(limit: number): boolean {
    let bt = this.n > 0 ? this.times[0]! : Infinity;
    // The earliest line head, compared with the heap's top by (time, sequence).
    let best: DelayLine<T> | null = null;
    const lines = this.lines;
    for (let l = 0; l < lines.length; l++) {
      const line = lines[l]!;
      if (line.n === 0) continue;
      const t = line.times[line.head]!;
      if (t < bt) {
        best = line;
        bt = t;
      } else if (t === bt) {
        // A tie of times, which is rare: sequence numbers decide.
        const bestSeq = best !== null ? best.seqs[best.head]! : this.n > 0 ? this.seqs[this.slots[0]!]! : Infinity;
        if (line.seqs[line.head]! < bestSeq) best = line;
      }
    }
    if (best !== null) {
      if (!(bt < limit)) return false;
      const h = best.head;
      this.time = bt;
      this.kind = best.kinds[h]!;
      this.gen = best.gens[h]!;
      this.obj = best.objs[h];
      best.objs[h] = undefined;
      best.head = (h + 1) & (best.times.length - 1);
      best.n--;
      this.inLines--;
      return true;
    }
    if (!(bt < limit)) return false;
    return this.popHeap();
  }

  private popHeap(): boolean {
    const n = this.n;
    if (n === 0) return false;
    const times = this.times;
    const slots = this.slots;
    const top = slots[0]!;
    this.time = times[0]!;
    this.kind = this.kinds[top]!;
    this.gen = this.gens[top]!;
    this.obj = this.objs[top];
    this.objs[top] = undefined;
    this.free[this.freeTop++] = top;
    const last = n - 1;
    this.n = last;
    if (last > 0) {
      const t = times[last]!;
      const s = slots[last]!;
      let i = 0;
      for (;;) {
        const c0 = 4 * i + 1;
        if (c0 >= last) break;
        // The smallest of up to four children; sequence numbers are read only on a tie of times.
        let m = c0;
        let mt = times[c0]!;
        const end = c0 + 4 < last ? c0 + 4 : last;
        for (let c = c0 + 1; c < end; c++) {
          const ct = times[c]!;
          if (ct < mt || (ct === mt && this.seqs[slots[c]!]! < this.seqs[slots[m]!]!)) {
            m = c;
            mt = ct;
          }
        }
        if (t < mt || (t === mt && this.seqs[s]! < this.seqs[slots[m]!]!)) break;
        times[i] = mt;
        slots[i] = slots[m]!;
        i = m;
      }
      times[i] = t;
      slots[i] = s;
    }
    return true;
  }

  private grow(): void {
    const old = this.times.length;
    const cap = old * 2;
    const widen = <A extends Float64Array | Int32Array>(a: A, make: (n: number) => A): A => {
      const b = make(cap);
      b.set(a);
      return b;
    };
    this.times = widen(this.times, (k) => new Float64Array(k));
    this.slots = widen(this.slots, (k) => new Int32Array(k));
    this.seqs = widen(this.seqs, (k) => new Float64Array(k));
    this.kinds = widen(this.kinds, (k) => new Int32Array(k));
    this.gens = widen(this.gens, (k) => new Float64Array(k));
    this.objs.length = cap;
    // Every slot is in use when the heap is full: the new ones are the free ones.
    const free = new Int32Array(cap);
    for (let i = 0; i < cap - old; i++) free[i] = cap - 1 - i;
    this.free = free;
    this.freeTop = cap - old;
  }
}
