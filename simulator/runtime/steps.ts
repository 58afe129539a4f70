/**
 * Steps of an operation run as strands: sequences with branch and cache-miss frames,
 * optional and probability, and parallel joins.
 */
import { StepKind, type CStep } from "../compile";
import { Cause, Join, Strand } from "./entities";
import { ExecutionsLayer } from "./executions";
import { pushFrame } from "./core";

export abstract class StepsLayer extends ExecutionsLayer {
  // ------------------------------------------------------------ steps

  protected advance(s: Strand): void {
    for (;;) {
      if (s.depth === 0) return this.strandDone(s, Cause.Ok);
      const d = s.depth - 1;
      const steps = s.frames[d]!;
      const i = s.idx[d]!;
      if (i >= steps.length) {
        s.depth--;
        continue;
      }
      s.idx[d] = i + 1;
      const step = steps[i]!;
      if (step.probability < 1 && this.rng.next() >= step.probability) continue;
      if (step.kind === StepKind.Branch) {
        const u = this.rng.next();
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
          return this.startCall(s, step);
        case StepKind.Query:
          return this.startQuery(s, step);
        case StepKind.Cache:
          return this.startCache(s, step);
        case StepKind.Publish:
          return this.startPublish(s, step);
        case StepKind.Parallel:
          return this.startParallel(s, step);
      }
    }
  }

  /** A step finished; a stale strand (its execution ended, or another step is current) ignores it. */
  stepDone(s: Strand, gen: number, cause: number): void {
    if (s.gen !== gen || s.execGen !== s.exec.gen || s.current === null) return;
    const step = s.current;
    s.current = null;
    s.gen++;
    if (cause !== Cause.Ok && !step.optional) return this.unwind(s, cause);
    this.advance(s);
  }

  protected unwind(s: Strand, cause: number): void {
    while (s.depth > 0) {
      s.depth--;
      // A failure inside an optional branch or cache miss ends that step, not the operation.
      if (s.optionalFrame[s.depth]) return this.advance(s);
    }
    this.strandDone(s, cause);
  }

  protected strandDone(s: Strand, cause: number): void {
    if (s.execGen !== s.exec.gen) return;
    const join = s.join;
    if (join === null) return this.finishExec(s.exec, cause);
    if (join.failed || join.remaining === 0) return;
    if (cause !== Cause.Ok && !s.joinStep!.optional) {
      join.failed = true;
      return this.stepDone(join.strand, join.strandGen, cause);
    }
    if (--join.remaining === 0) this.stepDone(join.strand, join.strandGen, Cause.Ok);
  }

  protected startParallel(s: Strand, step: CStep): void {
    const n = step.children.length;
    if (n === 0) return this.stepDone(s, s.gen, Cause.Ok);
    const join = new Join(s, s.gen, n);
    // The strand may finish (and be reused) while children start inline: hold on to its execution.
    const exec = s.exec;
    const execGen = s.execGen;
    for (const child of step.children) {
      if (join.failed || exec.gen !== execGen) return;
      const cs = new Strand().init(exec, execGen, join, child);
      pushFrame(cs, [child], false);
      this.advance(cs);
    }
  }
}
