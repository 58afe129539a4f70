import { describe, expect, it } from "vitest";
import { getDesignRefs } from "../designer/inspector/view-model";
import { getFaultBar, getFaultTargets, moveFaultAt } from "./scenario-editor-model";

const refs = getDesignRefs({
  components: {
    web: { kind: "client" },
    api: { kind: "gateway" },
    order: { kind: "service" },
    payment: { kind: "service" },
    db: { kind: "database" },
    bus: { kind: "broker" },
  },
});

describe("fault targets by kind (format §9)", () => {
  it("crash any but a client, latency a service or a database, errors and slowdown a service, partition any", () => {
    expect(getFaultTargets("crash", refs)).toEqual(["api", "order", "payment", "db", "bus"]);
    expect(getFaultTargets("latency", refs)).toEqual(["order", "payment", "db"]);
    expect(getFaultTargets("errors", refs)).toEqual(["order", "payment"]);
    expect(getFaultTargets("slowdown", refs)).toEqual(["order", "payment"]);
    expect(getFaultTargets("partition", refs)).toEqual(["web", "api", "order", "payment", "db", "bus"]);
  });
});

describe("a fault's bar", () => {
  it("from at for its `for`, or to the end; an invalid at draws none", () => {
    expect(getFaultBar({ at: "60s", for: "90s", kind: "crash", target: "payment" }, 300_000)).toEqual({
      atMs: 60_000,
      forMs: 90_000,
      label: "crash payment",
      span: "60 s to 150 s",
    });
    expect(getFaultBar({ at: "1m", kind: "partition", between: ["order", "db"] }, 300_000)).toEqual({
      atMs: 60_000,
      forMs: null,
      label: "partition order ↔ db",
      span: "from 60 s to the end",
    });
    expect(getFaultBar({ at: "5 parsecs", kind: "crash" }, 300_000)).toMatchObject({
      atMs: null,
      span: "no valid start",
    });
    expect(getFaultBar({ at: "250s", for: "2m" }, 300_000).span).toBe("250 s to 300 s");
  });

  it("moves by whole seconds within the run", () => {
    expect(moveFaultAt(60_000, 1000, 300_000)).toBe(61_000);
    expect(moveFaultAt(60_000, 12_345, 300_000)).toBe(72_000);
    expect(moveFaultAt(60_000, -90_000, 300_000)).toBe(0);
    expect(moveFaultAt(60_000, 400_000, 300_000)).toBe(299_000);
    expect(moveFaultAt(1500, 0, 300_000)).toBe(2000);
  });
});
