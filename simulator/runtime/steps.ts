/**
 * Steps of an operation run as strands: sequences with branch and cache-miss frames,
 * optional and probability, and parallel joins.
 *
 * Reads: the operation's compiled steps. Writes: strands and joins. Schedules nothing.
 * Calls: the step starters (startCall, startQuery, startCache, startPublish) and
 * finishExec (executions).
 */
import { StepKind, type CStep } from "../compile";
import { Cause, Join, Strand } from "./entities";
import { pushFrame, type SimState } from "./state";

/** Runs a strand's steps until one waits for something, or the strand ends. */
export function advance(sim: SimState, s: Strand): void {
  for (;;) {
    if (s.depth === 0) return strandDone(sim, s, Cause.Ok);
    const d = s.depth - 1;
    const steps = s.frames[d]!;
    const i = s.idx[d]!;
    if (i >= steps.length) {
      s.depth--;
      continue;
    }
    s.idx[d] = i + 1;
    const step = steps[i]!;
    if (step.probability < 1 && sim.rng.next() >= step.probability) continue;
    if (step.kind === StepKind.Branch) {
      const u = sim.rng.next();
      const cum = step.branchCum;
      let k = 0;
      while (k < cum.length - 1 && u >= cum[k]!) k++;
      pushFrame(s, step.branchSteps[k]!, step.optional);
      continue;
    }
    s.current = step;
    s.gen++;
    switch (step.kind) {
      case StepKind.Call:
        return sim.peers.startCall(sim, s, step);
      case StepKind.Query:
        return sim.peers.startQuery(sim, s, step);
      case StepKind.Cache:
        return sim.peers.startCache(sim, s, step);
      case StepKind.Publish:
        return sim.peers.startPublish(sim, s, step);
      case StepKind.Parallel:
        return startParallel(sim, s, step);
    }
  }
}

/** A step finished; a stale strand (its execution ended, or another step is current) ignores it. */
export function stepDone(sim: SimState, s: Strand, gen: number, cause: Cause): void {
  if (s.gen !== gen || s.execGen !== s.exec.gen || s.current === null) return;
  const step = s.current;
  s.current = null;
  s.gen++;
  if (cause !== Cause.Ok && !step.optional) return unwind(sim, s, cause);
  advance(sim, s);
}

function unwind(sim: SimState, s: Strand, cause: Cause): void {
  while (s.depth > 0) {
    s.depth--;
    // A failure inside an optional branch or cache miss ends that step, not the operation.
    if (s.optionalFrame[s.depth]) return advance(sim, s);
  }
  strandDone(sim, s, cause);
}

function strandDone(sim: SimState, s: Strand, cause: Cause): void {
  if (s.execGen !== s.exec.gen) return;
  const join = s.join;
  if (join === null) return sim.peers.finishExec(sim, s.exec, cause);
  if (join.failed || join.remaining === 0) return;
  if (cause !== Cause.Ok && !s.joinStep!.optional) {
    join.failed = true;
    return stepDone(sim, join.strand, join.strandGen, cause);
  }
  if (--join.remaining === 0) stepDone(sim, join.strand, join.strandGen, Cause.Ok);
}

function startParallel(sim: SimState, s: Strand, step: CStep): void {
  const n = step.children.length;
  if (n === 0) return stepDone(sim, s, s.gen, Cause.Ok);
  const join = new Join(s, s.gen, n);
  // The strand may finish (and be reused) while children start inline: hold on to its execution.
  const exec = s.exec;
  const execGen = s.execGen;
  for (const child of step.children) {
    // Branches start together: one that fails at once does not stop the others starting, unless
    // the failure ended the operation (they then start no steps at all).
    if (exec.gen !== execGen) return;
    const cs = new Strand().init(exec, execGen, join, child);
    pushFrame(cs, [child], false);
    advance(sim, cs);
  }
}
