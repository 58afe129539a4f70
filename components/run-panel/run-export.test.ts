import { describe, expect, it } from "vitest";
import type { SimulationResult, TimeseriesEntry } from "../../simulator";
import { resultJson, timeseriesCsv } from "./run-export";

const second = (t: number, failed: number, rejected = 0): TimeseriesEntry => ({
  t,
  requests: { succeeded: 10 - failed - rejected, failed, rejected },
  latency: { p50: 1.5, p95: 4, p99: 7.25 },
  causes: {
    timeout: 0,
    rejected: 0,
    rateLimited: rejected,
    circuitOpen: 0,
    bulkhead: 0,
    crashed: failed,
    partitioned: 0,
    error: 0,
    brokerDown: 0,
  },
  routes: { "GET /a,b": { count: 10, failed, rejected, p50: 1.5, p95: 4, p99: 7.25 } },
  components: { svc: { throughput: 10, utilization: 0.5, queue: 0.25, replicas: 2, failed, circuits: {} } },
  topics: { 'odd"topic': { depth: t * 3 } },
});

describe("timeseriesCsv", () => {
  it("one row per second, columns named by what they measure, fields with commas or quotes quoted", () => {
    const csv = timeseriesCsv([second(0, 0), second(1, 4, 2)]);
    const [header, row0, row1, end] = csv.split("\n");
    expect(header).toBe(
      [
        "t,succeeded,failed,rejected,latency:p50,latency:p95,latency:p99",
        "cause:timeout,cause:rejected,cause:rateLimited,cause:circuitOpen,cause:bulkhead,cause:crashed,cause:partitioned,cause:error,cause:brokerDown",
        '"route:GET /a,b:count","route:GET /a,b:failed","route:GET /a,b:rejected","route:GET /a,b:p50","route:GET /a,b:p95","route:GET /a,b:p99"',
        "component:svc:throughput,component:svc:utilization,component:svc:queue,component:svc:replicas,component:svc:failed",
        '"topic:odd""topic:depth"',
      ].join(","),
    );
    expect(row0).toBe("0,10,0,0,1.5,4,7.25,0,0,0,0,0,0,0,0,0,10,0,0,1.5,4,7.25,10,0.5,0.25,2,0,0");
    // Second 1: 4 failed (crashed) and 2 rejected (rate-limited) of the route's 10.
    expect(row1).toBe("1,4,4,2,1.5,4,7.25,0,0,2,0,0,4,0,0,0,10,4,2,1.5,4,7.25,10,0.5,0.25,2,4,3");
    expect(end).toBe("");
  });

  it("an empty series is a header alone", () => {
    expect(timeseriesCsv([])).toBe("t\n");
  });
});

describe("resultJson", () => {
  it("is the CLI's JSON.stringify with two spaces and a final newline", () => {
    const result = { scenario: "s", seed: 1 } as unknown as SimulationResult;
    expect(resultJson(result)).toBe('{\n  "scenario": "s",\n  "seed": 1\n}\n');
  });
});
