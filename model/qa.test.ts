/**
 * Inputs from a QA pass: designs at scale (time must grow about linearly), YAML beyond
 * plain 1.2, messages that echo long values, and resource limits. Broken designs with one
 * place are in the corpus (yaml-*.yaml, limit-*.yaml); what needs many nodes or a spy is here.
 */
import { afterEach, describe, expect, it, vi } from "vitest";
import type { DesignDiagnostic } from "./diagnostics";
import { parseDesign } from "./parse";
import { LIMITS } from "./schema";

const at = (d: DesignDiagnostic) => `${d.line}:${d.col} ${d.path}: ${d.message}`;

function lines(n: number, line: (i: number) => string): string {
  const out: string[] = [];
  for (let i = 0; i < n; i++) out.push(line(i));
  return out.join("\n");
}

// Each took 25 s to over 120 s when checks were quadratic, about 1–2 s now. Their wall times are
// measured by `npm run bench` (case g), never asserted here: a loaded machine would fail them.

describe("designs at scale validate in about linear time", () => {
  it("20,000 calls to missing services: every one reported at its place", () => {
    const text = `archsim: 1\ncomponents:\n${lines(20_000, (i) => `  s${i}: { kind: service, operations: { o: { steps: [ { call: x${i}.o } ] } } }`)}\n`;
    const r = parseDesign(text);
    expect(r.errors).toHaveLength(20_000);
    const col = text.split("\n")[20_001]!.indexOf("x19999.o") + 1;
    expect(at(r.errors[19_999]!)).toBe(
      `20002:${col} components.s19999.operations.o.steps[0].call: service "x19999" does not exist`,
    );
  }, 60_000);

  it("20,000 clients: valid", () => {
    const text = `archsim: 1\ncomponents:\n${lines(20_000, (i) => `  c${i}: { kind: client }`)}\n`;
    const r = parseDesign(text);
    expect(r.errors).toEqual([]);
    expect(Object.keys(r.design!.components)).toHaveLength(20_000);
  }, 60_000);

  it("40,000 unknown kinds: each placed at its own line", () => {
    const text = `archsim: 1\ncomponents:\n${lines(40_000, (i) => `  s${i}: { kind: servic }`)}\n`;
    const r = parseDesign(text);
    expect(r.errors).toHaveLength(40_000);
    expect(r.errors[39_999]!).toMatchObject({
      line: 40_002,
      col: "  s39999: { kind: ".length + 1,
      path: "components.s39999.kind",
    });
    expect(r.errors[0]!.message).toContain('(did you mean "service"?)');
  }, 60_000);

  it("20,000 duplicate keys: each reported at its second occurrence", () => {
    const text = `archsim: 1\ncomponents:\n${lines(20_000, (i) => `  c${i}: { kind: client }\n  c${i}: { kind: client }`)}\n`;
    const r = parseDesign(text);
    expect(r.errors).toHaveLength(20_000);
    expect(at(r.errors[19_999]!)).toBe('40002:3 : duplicate key "c19999": each key may appear once in a mapping');
  }, 60_000);

  it("still suggests among a few candidates, and stays quiet among thousands", () => {
    const few = parseDesign(
      "archsim: 1\ncomponents:\n  orders: { kind: service, operations: { o: {} } }\n  a: { kind: service, operations: { o: { steps: [ { call: order.o } ] } } }\n",
    );
    expect(few.errors.map((e) => e.message)).toEqual(['service "order" does not exist (did you mean "orders"?)']);
    const many = `archsim: 1\ncomponents:\n${lines(3000, (i) => `  svc${i}: { kind: service, operations: { o: {} } }`)}\n  a: { kind: service, operations: { o: { steps: [ { call: svc10000.o } ] } } }\n`;
    expect(parseDesign(many).errors.map((e) => e.message)).toEqual(['service "svc10000" does not exist']);
  });
});

describe("call chains of any length", () => {
  /** s0.o calls s1.o, … up to s(n-1).o, which calls s0.o back when `closed`. */
  const chain = (n: number, closed: boolean) =>
    `archsim: 1\ncomponents:\n${lines(n, (i) => (i < n - 1 || closed ? `  s${i}: { kind: service, operations: { o: { steps: [ { call: s${(i + 1) % n}.o } ] } } }` : `  s${i}: { kind: service, operations: { o: {} } }`))}\n`;

  it("10,000 sync calls in a line: no stack overflow", () => {
    const text = chain(10_000, false);
    const r = parseDesign(text);
    expect(r.errors).toEqual([]);
    expect(r.warnings).toEqual([]);
  });

  it("10,000 sync calls closing a cycle: one error, the cycle named in short", () => {
    const r = parseDesign(chain(10_000, true));
    expect(r.errors).toHaveLength(1);
    expect(r.errors[0]!.path).toBe("components.s0.operations.o.steps[0].call");
    expect(r.errors[0]!.message).toBe(
      "a cycle of sync calls: s0.o → s1.o → s2.o → s3.o → s4.o → s5.o → s6.o → s7.o → s8.o → s9.o → … 9,986 more … → s9996.o → s9997.o → s9998.o → s9999.o → s0.o (a cycle of 10,000)",
    );
  });

  it("reports at most 100 cycles", () => {
    // Each of 150 services calls itself back through a shared hub: 150 cycles.
    const text = `archsim: 1\ncomponents:\n  hub: { kind: service, operations: ${"{ " + lines(150, (i) => `h${i}: { steps: [ { call: s${i}.o } ] }`).replace(/\n/g, ", ") + " }"} }\n${lines(150, (i) => `  s${i}: { kind: service, operations: { o: { steps: [ { call: hub.h${i} } ] } } }`)}\n`;
    const r = parseDesign(text);
    expect(r.errors).toHaveLength(100);
    expect(r.errors.every((e) => e.message.startsWith("a cycle of sync calls: "))).toBe(true);
  });
});

describe("plain YAML 1.2 only", () => {
  afterEach(() => vi.restoreAllMocks());

  it("accepts %YAML 1.2, the core tags and the non-specific tag", () => {
    const r = parseDesign(
      "%YAML 1.2\n---\narchsim: !!int 1\nname: !!str 12\ndescription: ! free text\ncomponents: !!map\n  a: { kind: client }\nlayout: { a: !!map { x: !!float 1.5, y: 2 } }\n",
    );
    expect(r.errors).toEqual([]);
    expect(r.design!.name).toBe("12");
  });

  it("refuses %YAML 1.1 and its readings (yes, 010, 1:30, merge keys)", () => {
    const text =
      "%YAML 1.1\n---\narchsim: 1\ncomponents:\n  b: &b { kind: broker, durable: yes }\n  c: { <<: *b }\n  d: { kind: database, pool: 010 }\n";
    expect(parseDesign(text).errors.map(at)).toEqual([
      '1:1 : unsupported YAML version "1.1": archsim designs are YAML 1.2 (write %YAML 1.2 or remove the line)',
    ]);
    // After a byte order mark and with CRLF line ends too.
    expect(parseDesign(`\ufeff${text.replace(/\n/g, "\r\n")}`).errors.map((e) => e.message)).toEqual([
      'unsupported YAML version "1.1": archsim designs are YAML 1.2 (write %YAML 1.2 or remove the line)',
    ]);
  });

  it("refuses unknown directives", () => {
    expect(parseDesign("%FOO bar\n---\narchsim: 1\ncomponents: {}\n").errors.map(at)).toEqual([
      '1:1 : unknown directive "%FOO": the only directive allowed is %YAML 1.2',
    ]);
  });

  it("refuses each tag outside the core schema, where it is written", () => {
    const r = parseDesign(
      "archsim: 1\ncomponents:\n  a: { kind: client, label: !!timestamp 2001-12-14 }\n  b: !!omap [ { kind: client } ]\n  c: !<tag:example.com,2000:x> { kind: client }\n",
    );
    expect(r.errors.map(at)).toEqual([
      '3:29 : unsupported YAML tag "!!timestamp": archsim designs use plain YAML 1.2 values',
      '4:6 : unsupported YAML tag "!!omap": archsim designs use plain YAML 1.2 values',
      '5:6 : unsupported YAML tag "!<tag:example.com,2000:x>": archsim designs use plain YAML 1.2 values',
    ]);
    expect(r.design).toBeUndefined();
  });

  it('refuses merge keys in YAML 1.2 too, but a quoted "<<" is just an unknown field', () => {
    expect(parseDesign("archsim: 1\nx: &x { kind: client }\ncomponents:\n  a: { <<: *x }\n").errors.map(at)).toEqual([
      "4:8 : merge keys (<<) are not supported: write the fields out",
    ]);
    expect(parseDesign('archsim: 1\ncomponents:\n  a: { kind: client, "<<": 1 }\n').errors[0]!.message).toMatch(
      /^unknown field "<<" in a client/,
    );
  });

  it("refuses a key that is a list, a mapping or an alias of one, without a warning from the YAML library", () => {
    const emit = vi.spyOn(process, "emitWarning").mockImplementation(() => {});
    const warn = vi.spyOn(console, "warn").mockImplementation(() => {});
    const r = parseDesign(
      "archsim: 1\nx: &k [a, b]\ncomponents:\n  ? [a, b]\n  : { kind: client }\n  *k : { kind: client }\n  ok: { kind: client }\n",
    );
    expect(r.errors.map(at)).toEqual([
      "4:5 : a key must be a plain value, not a list or mapping",
      "6:3 : a key must be a plain value, not a list or mapping",
    ]);
    expect(emit).not.toHaveBeenCalled();
    expect(warn).not.toHaveBeenCalled();
  });

  it("keeps aliases to an anchor defined before them", () => {
    const r = parseDesign("archsim: 1\ncomponents:\n  a: &c { kind: client }\n  b: *c\n  *c2 : { kind: client }\n");
    expect(r.errors.map(at)).toEqual(['5:3 : undefined alias "*c2": an alias needs an anchor (&c2) defined before it']);
    expect(parseDesign("archsim: 1\ncomponents:\n  a: &c { kind: client }\n  b: *c\n").errors).toEqual([]);
  });

  it('tells 1 from "1" and counts keys as the YAML library does', () => {
    const r = parseDesign(
      'archsim: 1\ncomponents: {}\nlayout: { 1: { x: 0, y: 0 }, "1": { x: 0, y: 0 }, a: { x: 0, y: 0 }, a: { x: 1, y: 1 }, a: { x: 2, y: 2 } }\n',
    );
    expect(r.errors.map(at)).toEqual([
      '3:70 : duplicate key "a": each key may appear once in a mapping',
      '3:89 : duplicate key "a": each key may appear once in a mapping',
    ]);
  });
});

describe("messages", () => {
  it("cut a long value they echo: a 4 MB kind", () => {
    const r = parseDesign(`archsim: 1\ncomponents:\n  a: { kind: ${"x".repeat(4 * 1024 * 1024)} }\n`);
    expect(r.errors.map((e) => e.message)).toEqual([
      `unknown kind "${"x".repeat(37)}..."; expected one of client, gateway, service, broker, registry, config, observability, database, cache`,
    ]);
  });

  it("cut a long value they echo: a 1 MB kind, route, entry or mix key", () => {
    const long = "x".repeat(1024 * 1024);
    const r = parseDesign(
      `archsim: 1\ncomponents:\n  a: { kind: ${long} }\n  g: { kind: gateway, routes: { "GET /${long}": s.o } }\n  s: { kind: service, operations: { o: {} } }\nworkloads:\n  w: { entry: x.${long}, rate: 1 }\n  v: { entry: g, rate: 1, mix: { "${long}": 1 } }\n`,
    );
    expect(r.errors.length).toBeGreaterThanOrEqual(4);
    for (const e of r.errors) expect(e.message.length, e.message.slice(0, 100)).toBeLessThan(400);
    expect(r.errors[0]!.message).toBe(
      `unknown kind "${"x".repeat(37)}..."; expected one of client, gateway, service, broker, registry, config, observability, database, cache`,
    );
  });

  it("list at most ten of many operations", () => {
    const ops = lines(25, (i) => `op${i}: {}`).replace(/\n/g, ", ");
    const r = parseDesign(
      `archsim: 1\ncomponents:\n  s: { kind: service, operations: { ${ops} } }\n  a: { kind: service, operations: { o: { steps: [ { call: s.nothing } ] } } }\n`,
    );
    expect(r.errors.map((e) => e.message)).toEqual([
      'service "s" has no operation "nothing"; it has op0, op1, op2, op3, op4, op5, op6, op7, op8, op9 and 15 more',
    ]);
  });
});

describe("resource limits", () => {
  const service = (fields: string) =>
    `archsim: 1\ncomponents:\n  s: { kind: service, ${fields}, operations: { o: {} } }\n`;

  it("accept each limit itself", () => {
    expect(
      parseDesign(
        service(
          `replicas: ${LIMITS.replicas}, concurrency: ${LIMITS.concurrency}, queue: ${LIMITS.queue}, autoscale: { min: 1, max: ${LIMITS.replicas} }`,
        ),
      ).errors,
    ).toEqual([]);
    const op = `o: { work: { erlang: { k: ${LIMITS.erlangK}, mean: 8760h } }, steps: [ { call: s.p, retries: { max: ${LIMITS.retries}, backoff: 1h }, timeout: 1h, circuitBreaker: { window: ${LIMITS.window} }, bulkhead: ${LIMITS.concurrency} } ] }, p: {}`;
    const text = `archsim: 1\ncomponents:\n  s: { kind: service, operations: { ${op} } }\n  db: { kind: database, pool: ${LIMITS.queue} }\nworkloads:\n  w: { entry: s.p, rate: ${LIMITS.rps} }\n  v: { entry: s.p, profile: [[0, ${LIMITS.rps}]] }\nscenarios:\n  x: { workload: w, duration: 720h, faults: [ { at: 0, kind: slowdown, target: s, factor: ${LIMITS.slowdownFactor} } ] }\n`;
    expect(parseDesign(text).errors).toEqual([]);
    const timed = `archsim: 1\ncomponents:\n  r: { kind: registry, detection: 1h }\n  s: { kind: service, coldStart: 1h, resilience: { circuitBreaker: { openFor: 1h } }, autoscale: { min: 1, max: 2, interval: 1s, coldStart: 1h }, operations: { o: {} } }\nworkloads:\n  w: { entry: s.o, profile: [[0, 1], [720h, 2]] }\nscenarios:\n  x: { workload: w, duration: 1m, faults: [ { at: 720h, for: 720h, kind: crash, target: s } ] }\n`;
    expect(parseDesign(timed).errors).toEqual([]);
  });

  it("durations with a floor or a cap of their own are refused past it, with their place", () => {
    const text = `archsim: 1
components:
  r: { kind: registry, detection: 61m }
  s:
    kind: service
    coldStart: 2h
    resilience: { timeout: 3601s, retries: { max: 1, backoff: 2h }, circuitBreaker: { openFor: 1.5h } }
    autoscale: { min: 1, max: 2, interval: 1us, coldStart: 90m }
    operations: { o: {} }
  t: { kind: service, autoscale: { min: 1, max: 2, interval: 2h }, operations: { o: {} } }
workloads:
  w: { entry: s.o, profile: [[0, 1], [721h, 2]] }
scenarios:
  x: { workload: w, duration: 1m, faults: [ { at: 721h, kind: crash, target: s }, { at: 0, for: 800h, kind: crash, target: s } ] }
`;
    expect(parseDesign(text).errors.map((e) => `${e.line}:${e.col} ${e.path}: ${e.message}`)).toEqual([
      "3:35 components.r.detection: detection must be at most 1h (got 61m)",
      "6:16 components.s.coldStart: coldStart must be at most 1h (got 2h)",
      "7:28 components.s.resilience.timeout: timeout must be at most 1h (got 3601s)",
      "7:63 components.s.resilience.retries.backoff: retries.backoff must be at most 1h (got 2h)",
      "7:96 components.s.resilience.circuitBreaker.openFor: openFor must be at most 1h (got 90m)",
      "8:44 components.s.autoscale.interval: autoscale.interval must be at least 1s (got 0.001ms)",
      "8:60 components.s.autoscale.coldStart: autoscale.coldStart must be at most 1h (got 90m)",
      "10:62 components.t.autoscale.interval: autoscale.interval must be at most 1h (got 2h)",
      "12:39 workloads.w.profile[1][0]: a profile time must be at most 720h (got 721h)",
      "14:51 scenarios.x.faults[0].at: at must be at most 720h (got 721h)",
      "14:97 scenarios.x.faults[1].for: for must be at most 720h (got 800h)",
    ]);
  });

  it("an empirical distribution of at most 100,000 values", () => {
    const values = (n: number) => Array.from({ length: n }, (_, i) => `${i % 50}ms`).join(", ");
    const op = (n: number) =>
      `archsim: 1\ncomponents:\n  s: { kind: service, operations: { o: { work: { empirical: [${values(n)}] } } } }\n`;
    expect(parseDesign(op(LIMITS.empiricalValues)).errors).toEqual([]);
    expect(parseDesign(op(LIMITS.empiricalValues + 1)).errors.map((e) => `${e.path}: ${e.message}`)).toEqual([
      "components.s.operations.o.work.empirical: empirical takes at most 100,000 values",
    ]);
  });

  it("durations: at most 365 days, a scenario at most 30 days", () => {
    expect(parseDesign(service("coldStart: 8761h")).errors.map((e) => e.message)).toEqual([
      "a duration must be at most 8760h, 365 days (got 8761h)",
    ]);
    expect(parseDesign(service("coldStart: 1e300")).errors.map((e) => e.message)).toEqual([
      "a duration must be at most 8760h, 365 days (got 1e+300)",
    ]);
    const scenario = (d: string) =>
      `archsim: 1\ncomponents:\n  s: { kind: service, operations: { o: {} } }\nworkloads:\n  w: { entry: s.o, rate: 1 }\nscenarios:\n  x: { workload: w, duration: ${d} }\n`;
    expect(parseDesign(scenario("720h")).errors).toEqual([]);
    expect(parseDesign(scenario("721h")).errors.map((e) => e.message)).toEqual([
      "a scenario's duration must be at most 720h, 30 days (got 721h)",
    ]);
  });
});
