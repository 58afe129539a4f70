/**
 * Requests from clients: arrivals, the entry (gateway rate limit and slots, or a direct
 * service entry), and their outcomes as the client sees them.
 */
import { FAILURE_CAUSES } from "../result";
import { Kind } from "../compile";
import { sample } from "../engine/sample";
import { Histogram } from "../metrics/histogram";
import { nextArrival } from "./arrivals";
import { Cause, isServing, ParentKind, Replica, Request } from "./entities";
import { Ev, SimCore } from "./core";

export abstract class RequestsLayer extends SimCore {
  // ------------------------------------------------------------ requests

  protected onArrival(): void {
    const wl = this.wl;
    const w = wl.w;
    const next = nextArrival(w, this.now, this.rng);
    if (next < this.end) this.q.push(next, Ev.Arrival, wl);
    let k = 0;
    if (w.mixOps.length > 1) {
      const u = this.rng.next();
      const cum = w.mixCum;
      while (k < cum.length - 1 && u >= cum[k]!) k++;
    }
    const op = w.mixOps[k]!;
    const r = new Request(wl, op, op, this.now, this.now >= this.W);
    this.live++;
    if (r.counted) this.total++;
    const d = w.clientLatency.isZero ? 0 : sample(w.clientLatency, this.rng);
    if (d > 0) this.schedule(d, Ev.Entry, r);
    else this.arriveEntry(r);
  }

  protected arriveEntry(r: Request): void {
    const w = r.wl.w;
    const comp = this.comps[w.entry]!;
    const c = comp.c;
    // A partition between the drawn client and its entry cuts the request off at once.
    if (w.source >= 0 && this.parted(w.source, w.entry)) return this.respond(r, Cause.Partitioned);
    let rep: Replica | null;
    if (c.kind === Kind.Gateway) {
      rep = comp.replicas[0] ?? null;
      if (!rep || !isServing(rep)) return this.respond(r, Cause.Crashed);
      if (c.rateLimit) {
        const rl = c.rateLimit;
        comp.tokens = Math.min(rl.burst, comp.tokens + ((this.now - comp.tokT) * rl.rps) / 1000);
        comp.tokT = this.now;
        if (comp.tokens < 1) {
          r.rejected = true;
          return this.respond(r, Cause.RateLimited);
        }
        comp.tokens -= 1;
      }
    } else {
      rep = this.pickReplica(comp);
      if (!rep || !isServing(rep)) return this.respond(r, Cause.Crashed);
    }
    const exec = this.newExec(c.ops[r.op]!, comp, rep, ParentKind.Request, r, 0);
    exec.tArrive = this.now;
    if (!this.admit(exec)) {
      r.rejected = true;
      comp.secFailed++;
      if (this.inWindow()) comp.failed++;
      this.respond(r, Cause.Rejected);
    }
  }

  protected respond(r: Request, cause: Cause): void {
    const lat = r.wl.w.clientLatency;
    const d = lat.isZero ? 0 : sample(lat, this.rng);
    if (d > 0) this.schedule(d, Ev.ReqResp + cause, r);
    else this.completeRequest(r, cause);
  }

  protected completeRequest(r: Request, cause: number): void {
    if (r.done) return;
    r.done = true;
    this.live--;
    if (this.onRequestDone !== null) {
      this.onRequestDone({
        route: r.wl.w.routeKeys[r.route]!,
        sentAt: r.tSend,
        doneAt: this.now,
        ok: cause === Cause.Ok,
        cause: cause === Cause.Ok ? undefined : FAILURE_CAUSES[cause - 1],
        rejected: r.rejected,
      });
    }
    const route = this.routes[r.route]!;
    const latency = this.now - r.tSend;
    route.secCount++;
    if (cause === Cause.Ok) {
      this.secOk++;
      if (this.trackSeconds) {
        this.secHist.record(latency);
        route.secHist.record(latency);
      }
    } else if (r.rejected) {
      this.secRejected++;
    } else {
      route.secFailed++;
      this.secFailed++;
    }
    if (!r.counted) return;
    route.count++;
    if (cause === Cause.Ok) {
      this.succeeded++;
      route.succeeded++;
      const b = Histogram.bucketOf(latency);
      this.hist.recordIn(b, latency);
      route.hist.recordIn(b, latency);
      return;
    }
    this.causes[cause]!++;
    if (r.rejected) {
      this.rejected++;
      route.rejected++;
    } else {
      this.failed++;
      route.failed++;
    }
  }
}
