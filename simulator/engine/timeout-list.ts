/**
 * A FIFO of pending call timeouts of one duration, on parallel arrays (power-of-two ring).
 * Each entry keeps the event sequence number reserved when it was set, so its expiry runs in
 * the order a timer event of its own would have.
 */
export class TimeoutList {
  calls: unknown[] = new Array(64);
  gens = new Float64Array(64);
  ats = new Float64Array(64);
  seqs = new Float64Array(64);
  head = 0;
  n = 0;
  scheduled = false;

  push(call: unknown, gen: number, at: number, seq: number): void {
    if (this.n === this.ats.length) this.grow();
    const i = (this.head + this.n) & (this.ats.length - 1);
    this.calls[i] = call;
    this.gens[i] = gen;
    this.ats[i] = at;
    this.seqs[i] = seq;
    this.n++;
  }

  shift(): void {
    this.calls[this.head] = undefined;
    this.head = (this.head + 1) & (this.ats.length - 1);
    this.n--;
  }

  private grow(): void {
    const cap = this.ats.length * 2;
    const calls: unknown[] = new Array(cap);
    const gens = new Float64Array(cap);
    const ats = new Float64Array(cap);
    const seqs = new Float64Array(cap);
    for (let k = 0; k < this.n; k++) {
      const j = (this.head + k) & (this.ats.length - 1);
      calls[k] = this.calls[j];
      gens[k] = this.gens[j]!;
      ats[k] = this.ats[j]!;
      seqs[k] = this.seqs[j]!;
    }
    this.calls = calls;
    this.gens = gens;
    this.ats = ats;
    this.seqs = seqs;
    this.head = 0;
  }
}
