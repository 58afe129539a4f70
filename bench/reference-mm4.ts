/**
 * The reference the engine is measured against: the smallest M/M/c simulation one would
 * write by hand in plain JavaScript — a binary heap on typed arrays, xorshift, a ring of
 * waiting arrival times, nothing else. No design, no metrics beyond the mean response.
 * The engine does far more per request; the bench reports its speed as a fraction of this.
 */

/** Simulates `requests` arrivals to an M/M/c queue (rates per ms); returns the mean response in ms. */
export function runReferenceMM4(requests: number, lambdaPerMs: number, muPerMs: number, servers: number): number {
  // xorshift32, uniform in (0, 1]
  let s = 2463534242;
  const uniform = (): number => {
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    return ((s >>> 0) + 1) / 4294967296;
  };
  const exp = (rate: number): number => -Math.log(uniform()) / rate;

  // Events: kind 0 = arrival, 1 = departure; a min-heap on time (ties are measure zero here).
  let cap = 1024;
  let times = new Float64Array(cap);
  let kinds = new Uint8Array(cap);
  let size = 0;
  const push = (t: number, k: number): void => {
    if (size === cap) {
      cap *= 2;
      const nt = new Float64Array(cap);
      nt.set(times);
      times = nt;
      const nk = new Uint8Array(cap);
      nk.set(kinds);
      kinds = nk;
    }
    let i = size++;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (times[p]! <= t) break;
      times[i] = times[p]!;
      kinds[i] = kinds[p]!;
      i = p;
    }
    times[i] = t;
    kinds[i] = k;
  };
  let topTime = 0;
  let topKind = 0;
  const pop = (): void => {
    topTime = times[0]!;
    topKind = kinds[0]!;
    const t = times[--size]!;
    const k = kinds[size]!;
    let i = 0;
    for (;;) {
      let c = 2 * i + 1;
      if (c >= size) break;
      if (c + 1 < size && times[c + 1]! < times[c]!) c++;
      if (times[c]! >= t) break;
      times[i] = times[c]!;
      kinds[i] = kinds[c]!;
      i = c;
    }
    times[i] = t;
    kinds[i] = k;
  };

  // Requests leave in any order, so the mean response is (Σ departures − Σ arrivals) / n:
  // no per-request record is needed, only the count waiting.
  let waiting = 0;
  let busy = 0;
  let arrived = 0;
  let done = 0;
  let sumArrive = 0;
  let sumDepart = 0;
  push(exp(lambdaPerMs), 0);
  while (done < requests) {
    pop();
    const now = topTime;
    if (topKind === 0) {
      arrived++;
      sumArrive += now;
      if (arrived < requests) push(now + exp(lambdaPerMs), 0);
      if (busy < servers) {
        busy++;
        push(now + exp(muPerMs), 1);
      } else waiting++;
    } else {
      done++;
      sumDepart += now;
      if (waiting > 0) {
        waiting--;
        push(now + exp(muPerMs), 1);
      } else busy--;
    }
  }
  return (sumDepart - sumArrive) / requests;
}
