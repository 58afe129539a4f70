/**
 * Databases (a connection pool with a FIFO wait) and caches (hit ratio, miss steps).
 */
import type { CStep } from "../compile";
import { sample } from "../engine/sample";
import { Cause, Strand, Task } from "./entities";
import { CallsLayer } from "./calls";
import { Ev, pushFrame } from "./core";

export abstract class DataLayer extends CallsLayer {
  // ------------------------------------------------------------ databases and caches

  protected startQuery(s: Strand, step: CStep): void {
    const db = this.comps[step.target]!;
    if (this.parted(s.exec.comp.c.idx, db.c.idx)) return this.stepDone(s, s.gen, Cause.Partitioned);
    const t = new Task(s, s.gen, step, db);
    const d = this.netDelay();
    if (d > 0) this.schedule(d, Ev.QueryArrive, t);
    else this.onQueryArrive(t);
  }

  protected onQueryArrive(t: Task): void {
    const db = t.comp;
    if (db.down) return this.respondTask(t, Cause.Crashed);
    t.tArrive = this.now;
    if (db.busy < db.c.pool && db.dbQueue.length === 0) return this.holdConnection(t);
    this.touch(db);
    db.queued++;
    db.dbQueue.push(t);
  }

  protected holdConnection(t: Task): void {
    const db = t.comp;
    this.touch(db);
    db.busy++;
    t.pos = db.dbRunning.length;
    db.dbRunning.push(t);
    let h = db.c.time.isZero ? 0 : sample(db.c.time, this.rng);
    for (const s of db.latAdd) h += sample(s, this.rng);
    this.schedule(h, Ev.QueryDone, t, t.gen);
  }

  protected releaseConnection(t: Task): void {
    const db = t.comp;
    this.touch(db);
    db.busy--;
    const last = db.dbRunning.pop()!;
    if (last !== t) {
      db.dbRunning[t.pos] = last;
      last.pos = t.pos;
    }
    t.gen++;
  }

  protected onQueryDone(t: Task, g: number): void {
    if (t.gen !== g) return;
    const db = t.comp;
    this.releaseConnection(t);
    db.secCompletions++;
    if (this.inWindow()) {
      db.completions++;
      db.hist.record(this.now - t.tArrive);
    }
    this.respondTask(t, Cause.Ok);
    if (db.dbQueue.length > 0 && !db.down) {
      const next = db.dbQueue.shift()!;
      this.touch(db);
      db.queued--;
      this.holdConnection(next);
    }
  }

  protected respondTask(t: Task, cause: Cause): void {
    const d = this.netDelay();
    if (d > 0) this.schedule(d, Ev.TaskResp + cause, t);
    else this.stepDone(t.strand, t.strandGen, cause);
  }

  protected startCache(s: Strand, step: CStep): void {
    const cache = this.comps[step.target]!;
    // A crashed or unreachable cache answers nothing: the lookup counts as a miss at once.
    if (cache.down || this.parted(s.exec.comp.c.idx, cache.c.idx)) return this.onCacheResult(s, s.gen, true);
    const d = this.netDelay() + (cache.c.time.isZero ? 0 : sample(cache.c.time, this.rng)) + this.netDelay();
    const miss = !(this.rng.next() < cache.c.hitRatio);
    cache.secCompletions++;
    if (this.inWindow()) {
      cache.completions++;
      cache.hist.record(d);
    }
    if (d > 0) this.schedule(d, miss ? Ev.CacheMiss : Ev.CacheHit, s, s.gen);
    else this.onCacheResult(s, s.gen, miss);
  }

  protected onCacheResult(s: Strand, gen: number, miss: boolean): void {
    if (s.gen !== gen || s.execGen !== s.exec.gen || s.current === null) return;
    const step = s.current;
    s.current = null;
    s.gen++;
    if (miss && step.miss.length > 0) pushFrame(s, step.miss, step.optional);
    this.advance(s);
  }
}
