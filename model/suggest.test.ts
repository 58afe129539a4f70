import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { compareDiagnostics, formatPath, type DesignDiagnostic } from "./diagnostics";
import { editDistance, MAX_SUGGEST_CANDIDATES, suggest } from "./suggest";

/** suggest() as it was before it skipped candidates: every candidate, full distance. */
function naiveSuggest(word: string, known: readonly string[]): string | undefined {
  const lower = word.toLowerCase();
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const candidate of known) {
    if (candidate.toLowerCase() === lower) return candidate;
    const d = editDistance(lower, candidate.toLowerCase());
    if (d < bestDistance) {
      bestDistance = d;
      best = candidate;
    }
  }
  return bestDistance <= Math.max(1, Math.floor(Math.max(word.length, 3) / 3)) ? best : undefined;
}

describe("suggest (did you mean)", () => {
  const fields = [
    "replicas",
    "concurrency",
    "queue",
    "balancer",
    "coldStart",
    "dependsOn",
    "resilience",
    "autoscale",
    "operations",
    "subscribes",
  ];

  it("finds typos: a letter dropped, added, changed or two swapped, and case", () => {
    expect(suggest("replcas", fields)).toBe("replicas");
    expect(suggest("replicass", fields)).toBe("replicas");
    expect(suggest("concurency", fields)).toBe("concurrency");
    expect(suggest("qeue", fields)).toBe("queue");
    expect(suggest("balancre", fields)).toBe("balancer");
    expect(suggest("dependson", fields)).toBe("dependsOn");
    expect(suggest("Subscribes", fields)).toBe("subscribes");
    expect(suggest("servce", ["client", "service", "cache"])).toBe("service");
  });

  it("stays quiet when nothing is close", () => {
    expect(suggest("shards", fields)).toBeUndefined();
    expect(suggest("x", fields)).toBeUndefined();
    expect(suggest("zzz", [])).toBeUndefined();
    expect(suggest("stddev", ["mean", "sd"])).toBeUndefined();
  });

  it("counts an adjacent swap as one edit and stays bounded on long words", () => {
    expect(editDistance("ab", "ba")).toBe(1);
    expect(editDistance("kitten", "sitting")).toBe(3);
    expect(editDistance("a".repeat(1000), "b")).toBeGreaterThan(64);
  });

  it("stops early past a bound, with a number above it", () => {
    expect(editDistance("kitten", "sitting", 3)).toBe(3);
    expect(editDistance("kitten", "sitting", 2)).toBe(3);
    expect(editDistance("abcdef", "uvwxyz", 1)).toBe(2);
    expect(editDistance("a", "abcdef", 2)).toBe(3);
    fc.assert(
      fc.property(fc.string({ maxLength: 12 }), fc.string({ maxLength: 12 }), fc.nat(8), (a, b, max) => {
        const full = editDistance(a, b);
        const bounded = editDistance(a, b, max);
        return full <= max ? bounded === full : bounded > max;
      }),
      { numRuns: 3000, seed: 11 },
    );
  });

  it("answers as comparing with every candidate in full would", () => {
    const word = fc.stringMatching(/^[a-cA-C]{0,8}$/);
    fc.assert(
      fc.property(word, fc.array(word, { maxLength: 20 }), (w, known) => suggest(w, known) === naiveSuggest(w, known)),
      { numRuns: 5000, seed: 3 },
    );
  });

  it(`gives no hint among more than ${MAX_SUGGEST_CANDIDATES} candidates`, () => {
    const known = Array.from({ length: MAX_SUGGEST_CANDIDATES }, (_, i) => `service-${i}`);
    expect(suggest("service-1x", known)).toBe("service-1");
    expect(suggest("service-1x", [...known, "extra"])).toBeUndefined();
  });
});

describe("diagnostics", () => {
  it("formats paths with dots, [n] and quoted keys", () => {
    expect(formatPath(["components", "order", "operations", "create", "steps", 0, "call"])).toBe(
      "components.order.operations.create.steps[0].call",
    );
    expect(formatPath(["components", "gw", "routes", "GET /orders/{id}"])).toBe(
      'components.gw.routes["GET /orders/{id}"]',
    );
    expect(formatPath(["components", "a", "subscribes", "order.created"])).toBe(
      'components.a.subscribes["order.created"]',
    );
    expect(formatPath(["components", "orders-db"])).toBe("components.orders-db");
    expect(formatPath([])).toBe("");
  });

  it("orders by line, column, errors before warnings", () => {
    const d = (line: number, col: number, severity: "error" | "warning"): DesignDiagnostic => ({
      severity,
      line,
      col,
      endLine: line,
      endCol: col,
      path: "",
      segments: [],
      message: "",
    });
    const sorted = [d(2, 1, "error"), d(1, 5, "warning"), d(1, 5, "error"), d(1, 2, "warning")].sort(
      compareDiagnostics,
    );
    expect(sorted.map((x) => `${x.line}:${x.col}:${x.severity}`)).toEqual([
      "1:2:warning",
      "1:5:error",
      "1:5:warning",
      "2:1:error",
    ]);
  });
});
