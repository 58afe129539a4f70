/**
 * The reference the engine is measured against: the smallest M/M/c simulation one would
 * write by hand in plain JavaScript that still measures each request — a binary heap on
 * typed arrays whose departures carry their request's arrival time, a ring of waiting
 * arrival times, xorshift, and the mean response. No design, no histograms, no faults.
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

  // Events: an arrival (payload −1) or a departure (payload = its request's arrival time).
  let cap = 1024;
  let times = new Float64Array(cap);
  let payloads = new Float64Array(cap);
  let size = 0;
  const push = (t: number, payload: number): void => {
    if (size === cap) {
      cap *= 2;
      const nt = new Float64Array(cap);
      nt.set(times);
      times = nt;
      const np = new Float64Array(cap);
      np.set(payloads);
      payloads = np;
    }
    let i = size++;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (times[p]! <= t) break;
      times[i] = times[p]!;
      payloads[i] = payloads[p]!;
      i = p;
    }
    times[i] = t;
    payloads[i] = payload;
  };
  let topTime = 0;
  let topPayload = 0;
  const pop = (): void => {
    topTime = times[0]!;
    topPayload = payloads[0]!;
    const t = times[--size]!;
    const pl = payloads[size]!;
    let i = 0;
    for (;;) {
      let c = 2 * i + 1;
      if (c >= size) break;
      if (c + 1 < size && times[c + 1]! < times[c]!) c++;
      if (times[c]! >= t) break;
      times[i] = times[c]!;
      payloads[i] = payloads[c]!;
      i = c;
    }
    times[i] = t;
    payloads[i] = pl;
  };

  // Arrival times of the requests waiting for a server, first in first out.
  let ring = new Float64Array(1024);
  let head = 0;
  let waiting = 0;
  let busy = 0;
  let arrived = 0;
  let done = 0;
  let sumResponse = 0;
  push(exp(lambdaPerMs), -1);
  while (done < requests) {
    pop();
    const now = topTime;
    if (topPayload < 0) {
      arrived++;
      if (arrived < requests) push(now + exp(lambdaPerMs), -1);
      if (busy < servers) {
        busy++;
        push(now + exp(muPerMs), now);
      } else {
        if (waiting === ring.length) {
          const bigger = new Float64Array(ring.length * 2);
          for (let i = 0; i < waiting; i++) bigger[i] = ring[(head + i) % ring.length]!;
          ring = bigger;
          head = 0;
        }
        ring[(head + waiting++) % ring.length] = now;
      }
    } else {
      done++;
      sumResponse += now - topPayload;
      if (waiting > 0) {
        const arrivedAt = ring[head]!;
        head = (head + 1) % ring.length;
        waiting--;
        push(now + exp(muPerMs), arrivedAt);
      } else busy--;
    }
  }
  return sumResponse / requests;
}
