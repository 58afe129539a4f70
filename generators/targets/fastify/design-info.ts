/**
 * What the fastify target reads off a design: per service, the operations' routes, the calls'
 * resolved resilience (a step's own settings replace the service's field by field), databases,
 * caches and topics used.
 */
import type { Design, Operation, Resilience, ServiceComponent, Step } from "../../../model";
import type { Distribution } from "../../../model";

/** The method and path an operation answers on: its `http`, else POST /ops/<operation>. */
export interface OperationRoute {
  readonly method: string;
  readonly path: string;
  readonly fromDesign: boolean;
}

export function getOperationRoute(operationId: string, op: Operation): OperationRoute {
  if (op.http !== undefined) {
    const space = op.http.indexOf(" ");
    return { method: op.http.slice(0, space), path: op.http.slice(space + 1), fromDesign: true };
  }
  return { method: "POST", path: `/ops/${operationId}`, fromDesign: false };
}

/** The runtime's ResilienceSpec (durations in ms) as a plain JSON-able object. */
export interface ResilienceSpecJson {
  timeoutMs?: number;
  retries?: { max: number; backoffMs: number; jitter: boolean };
  circuitBreaker?: { failureRate: number; window: number; openForMs: number; halfOpenProbes: number };
  bulkhead?: number;
}

export function toResilienceSpec(r: Resilience | undefined): ResilienceSpecJson {
  const spec: ResilienceSpecJson = {};
  if (!r) return spec;
  if (r.timeout !== undefined) spec.timeoutMs = r.timeout;
  if (r.retries) spec.retries = { max: r.retries.max, backoffMs: r.retries.backoff, jitter: r.retries.jitter };
  if (r.circuitBreaker)
    spec.circuitBreaker = {
      failureRate: r.circuitBreaker.failureRate,
      window: r.circuitBreaker.window,
      openForMs: r.circuitBreaker.openFor,
      halfOpenProbes: r.circuitBreaker.halfOpenProbes,
    };
  if (r.bulkhead !== undefined) spec.bulkhead = r.bulkhead;
  return spec;
}

/** A call step's resilience: the service's, with each field the step sets replacing it whole. */
export function resolveCallResilience(service: ServiceComponent, step: Extract<Step, { call: string }>): Resilience {
  const base = service.resilience ?? {};
  return {
    timeout: step.timeout ?? base.timeout,
    retries: step.retries ?? base.retries,
    circuitBreaker: step.circuitBreaker ?? base.circuitBreaker,
    bulkhead: step.bulkhead ?? base.bulkhead,
  };
}

/** Every step of a list, nested ones included, in document order. */
export function flattenSteps(steps: readonly Step[]): Step[] {
  const out: Step[] = [];
  const visit = (list: readonly Step[]) => {
    for (const s of list) {
      out.push(s);
      if ("cache" in s) visit(s.miss);
      else if ("parallel" in s) visit(s.parallel);
      else if ("branch" in s) for (const alt of s.branch) visit(alt.steps);
    }
  };
  visit(steps);
  return out;
}

/** A distribution as the runtime's Distribution type takes it (only its fields). */
export function toRuntimeDistribution(d: Distribution): Record<string, unknown> {
  switch (d.type) {
    case "const":
      return { type: "const", value: d.value };
    case "exp":
      return { type: "exp", mean: d.mean };
    case "uniform":
      return { type: "uniform", min: d.min, max: d.max };
    case "normal":
      return { type: "normal", mean: d.mean, sd: d.sd };
    case "lognormal":
      return { type: "lognormal", mu: d.mu, sigma: d.sigma };
    case "erlang":
      return { type: "erlang", k: d.k, mean: d.mean };
    case "empirical":
      return { type: "empirical", values: d.values };
  }
}

/**
 * The distinct resilience specs this service's calls use, per callee: the key of each is
 * `<callee>#<n>` in order of first use, so steps with the same settings share one policy (and
 * so one circuit breaker and bulkhead, as the format has one per caller and callee).
 */
export function getCallPolicies(service: ServiceComponent): Map<string, { callee: string; spec: ResilienceSpecJson }> {
  const policies = new Map<string, { callee: string; spec: ResilienceSpecJson }>();
  for (const opId of Object.keys(service.operations).sort())
    for (const step of flattenSteps(service.operations[opId]!.steps))
      if ("call" in step) getPolicyKey(policies, service, step);
  return policies;
}

/** The policy key of a call step, adding its spec to `policies` when new. */
export function getPolicyKey(
  policies: Map<string, { callee: string; spec: ResilienceSpecJson }>,
  service: ServiceComponent,
  step: Extract<Step, { call: string }>,
): string {
  const callee = step.call.slice(0, step.call.indexOf("."));
  const spec = toResilienceSpec(resolveCallResilience(service, step));
  const text = JSON.stringify(spec);
  let n = 0;
  for (const [key, p] of policies) {
    if (p.callee !== callee) continue;
    if (JSON.stringify(p.spec) === text) return key;
    n++;
  }
  const key = `${callee}#${n}`;
  policies.set(key, { callee, spec });
  return key;
}

/** Services of a design by sorted id. */
export function getServiceIds(design: Design): string[] {
  return Object.entries(design.components)
    .filter(([, c]) => c.kind === "service")
    .map(([id]) => id)
    .sort();
}

/**
 * The share of new traces every process records: the design's observability `sampling` (with
 * several observability components the largest, as a trace any of them keeps is kept), 1 without one.
 */
export function getTraceSampling(design: Design): number {
  const samplings = Object.values(design.components).flatMap((c) => (c.kind === "observability" ? [c.sampling] : []));
  return samplings.length > 0 ? Math.max(...samplings) : 1;
}
