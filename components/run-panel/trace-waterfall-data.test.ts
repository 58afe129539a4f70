import { describe, expect, it } from "vitest";
import type { Trace, TraceSpan } from "../../simulator";
import {
  barPosition,
  DESIGNER_TRACE_EVERY,
  filterTraces,
  formatMs,
  outcomeClass,
  outcomeLabel,
  sampleText,
  spanDetails,
  spanName,
  textPlacement,
  timeTicks,
  tracesThrough,
  treeKeyTarget,
  traceWindow,
  waterfallRows,
} from "./trace-waterfall-data";

const span = (
  id: number,
  parentId: number | null,
  startMs: number,
  endMs: number,
  more: Partial<TraceSpan> = {},
): TraceSpan => ({
  id,
  parentId,
  kind: "exec",
  component: "a",
  label: `s${id}`,
  startMs,
  endMs,
  outcome: "ok",
  ...more,
});

const trace = (
  id: number,
  startMs: number,
  durationMs: number,
  outcome: Trace["outcome"] = "ok",
  spans?: TraceSpan[],
): Trace => ({
  id,
  route: "POST /orders",
  entry: "gateway",
  startMs,
  endMs: startMs + durationMs,
  durationMs,
  outcome,
  rejected: false,
  spans: spans ?? [span(0, null, startMs, startMs + durationMs, { kind: "request", outcome })],
  droppedSpans: 0,
});

describe("the trace list", () => {
  const ts = [trace(3, 300, 5), trace(1, 100, 50, "timeout"), trace(2, 200, 50), trace(0, 100, 2, "rejected")];
  it("all: by start, then id", () => {
    expect(filterTraces(ts, "all").map((t) => t.id)).toEqual([0, 1, 2, 3]);
  });
  it("failed: the unsuccessful ones (rejected too), by start", () => {
    expect(filterTraces(ts, "failed").map((t) => t.id)).toEqual([0, 1]);
  });
  it("slowest: longest first, ties by start", () => {
    expect(filterTraces(ts, "slowest").map((t) => t.id)).toEqual([1, 2, 3, 0]);
  });
});

describe("traces through a component", () => {
  it("keeps the traces with a span on it", () => {
    const through = trace(1, 0, 5, "ok", [
      span(0, null, 0, 5, { kind: "request", component: "gateway" }),
      span(1, 0, 0, 4, { component: "orders-db", kind: "query" }),
    ]);
    const other = trace(2, 0, 5);
    expect(tracesThrough([through, other], "orders-db").map((t) => t.id)).toEqual([1]);
    expect(tracesThrough([through, other], "payment")).toEqual([]);
  });

  it("keeps the traces with a call to it, though it never ran (crashed, refused)", () => {
    // order called inventory, which was down: the only span naming inventory is order's call.
    const crashed = trace(3, 0, 1, "crashed", [
      span(0, null, 0, 1, { kind: "request", component: "gateway", outcome: "crashed" }),
      span(1, 0, 0, 1, { component: "order", outcome: "crashed" }),
      span(2, 1, 0, 1, { kind: "call", component: "order", target: "inventory", outcome: "crashed" }),
    ]);
    const other = trace(4, 0, 5);
    expect(tracesThrough([crashed, other], "inventory").map((t) => t.id)).toEqual([3]);
    expect(tracesThrough([crashed, other], "order").map((t) => t.id)).toEqual([3]);
  });
});

describe("the sampling text", () => {
  it("names the designer's own sampling, as an ordinal", () => {
    expect(DESIGNER_TRACE_EVERY).toBe(10);
    expect(sampleText(DESIGNER_TRACE_EVERY)).toBe("every 10th request after the warm-up");
    expect([1, 2, 3, 4, 11, 12, 13, 21, 22, 101, 111].map(sampleText).map((t) => t.split(" ")[1])).toEqual([
      "request",
      "2nd",
      "3rd",
      "4th",
      "11th",
      "12th",
      "13th",
      "21st",
      "22nd",
      "101st",
      "111th",
    ]);
  });
});

describe("the waterfall", () => {
  // 0 ─┬─ 1 ─┬─ 3 (attempt 1)
  //    │     └─ 4 (attempt 2, started before 3's sibling order by id would say)
  //    └─ 2
  const t = trace(7, 1000, 100, "ok", [
    span(0, null, 1000, 1100, { kind: "request" }),
    span(1, 0, 1000, 1090),
    span(2, 0, 1095, 1100),
    span(3, 1, 1010, 1060, { kind: "call", attempt: 1, outcome: "timeout" }),
    span(4, 1, 1005, 1008, { kind: "query" }),
    span(5, 3, 1011, 1200, { note: "wasted" }),
  ]);
  it("rows are depth-first, children by start time", () => {
    expect(waterfallRows(t).map((r) => [r.span.id, r.depth])).toEqual([
      [0, 0],
      [1, 1],
      [4, 2],
      [3, 2],
      [5, 3],
      [2, 1],
    ]);
  });
  it("each row's place in the tree: level, position among its siblings, parent row", () => {
    expect(waterfallRows(t).map((r) => [r.span.id, r.posInSet, r.setSize, r.parent])).toEqual([
      [0, 1, 1, null],
      [1, 1, 2, 0],
      [4, 1, 2, 1],
      [3, 2, 2, 1],
      [5, 1, 1, 3],
      [2, 2, 2, 0],
    ]);
  });
  it("the tree's arrow keys: up, down, home, end, to the parent, to the first child", () => {
    const rows = waterfallRows(t); // ids 0 1 4 3 5 2
    expect(treeKeyTarget(rows, 0, "ArrowDown")).toBe(1);
    expect(treeKeyTarget(rows, 0, "ArrowUp")).toBe(null);
    expect(treeKeyTarget(rows, 5, "ArrowDown")).toBe(null);
    expect(treeKeyTarget(rows, 3, "ArrowUp")).toBe(2);
    expect(treeKeyTarget(rows, 3, "Home")).toBe(0);
    expect(treeKeyTarget(rows, 3, "End")).toBe(5);
    expect(treeKeyTarget(rows, 4, "ArrowLeft")).toBe(3); // span 5's parent is span 3
    expect(treeKeyTarget(rows, 0, "ArrowLeft")).toBe(null);
    expect(treeKeyTarget(rows, 3, "ArrowRight")).toBe(4);
    expect(treeKeyTarget(rows, 2, "ArrowRight")).toBe(null); // span 4 has no children
    expect(treeKeyTarget(rows, 1, "Enter")).toBe(null);
  });
  it("the window reaches the last span's end, past the request's", () => {
    expect(traceWindow(t)).toEqual({ startMs: 1000, endMs: 1200 });
  });
  it("bars in percent of the window; a zero-length span has zero width at its place", () => {
    const w = { startMs: 1000, endMs: 1200 };
    expect(barPosition(1010, 1060, w)).toEqual({ left: 5, width: 25 });
    expect(barPosition(1100, 1100, w)).toEqual({ left: 50, width: 0 });
    expect(barPosition(1000, 1000, { startMs: 1000, endMs: 1000 })).toEqual({ left: 0, width: 0 });
  });
  it("ticks at a round step: 0–200 ms by 50; 0–7 ms by 2; 0–835 ms by 200", () => {
    expect(timeTicks(200)).toEqual([0, 50, 100, 150, 200]);
    expect(timeTicks(7)).toEqual([0, 2, 4, 6]);
    expect(timeTicks(835)).toEqual([0, 200, 400, 600, 800]);
    expect(timeTicks(0)).toEqual([0]);
  });
  it("a long follows-from chain does not overflow the stack", () => {
    const chain = Array.from({ length: 20_000 }, (_, i) => span(i, i === 0 ? null : i - 1, i, i + 1));
    expect(waterfallRows(trace(1, 0, 1, "ok", chain)).at(-1)).toMatchObject({ depth: 19_999 });
  });
});

describe("outcomes and details", () => {
  it("each failure cause falls in one legend class, named in words", () => {
    expect(outcomeClass("circuitOpen")).toBe("circuit");
    expect(outcomeClass("bulkhead")).toBe("refused");
    expect(outcomeClass("rateLimited")).toBe("refused");
    expect(outcomeClass("brokerDown")).toBe("down");
    expect(outcomeLabel("timeout")).toBe("◷ timeout");
    expect(outcomeLabel("circuitOpen")).toBe("⊘ circuit open");
    expect(outcomeLabel("ok")).toBe("✓ ok");
  });
  it("a bar's text goes after it, before it, or inside it when neither side has room", () => {
    expect(textPlacement({ left: 10, width: 40 })).toBe("after");
    expect(textPlacement({ left: 50, width: 45 })).toBe("before");
    expect(textPlacement({ left: 2, width: 90 })).toBe("inside");
  });
  it("row names: the request is the client's, an attempt carries its number", () => {
    expect(spanName(span(0, null, 0, 1, { kind: "request", component: "gateway", label: "POST /orders" }))).toEqual({
      component: "client",
      label: "POST /orders → gateway",
    });
    expect(spanName(span(2, 1, 0, 1, { kind: "call", label: "→ b.op", attempt: 3 }))).toEqual({
      component: "a",
      label: "→ b.op #3",
    });
  });
  it("formats simulated ms", () => {
    expect(formatMs(0.5)).toBe("0.5 ms");
    expect(formatMs(12.345)).toBe("12.3 ms");
    expect(formatMs(835.32)).toBe("835 ms");
    expect(formatMs(5498.2)).toBe("5,498 ms");
    expect(formatMs(61_250)).toBe("61.25 s");
  });
  it("a span's details: times from the trace's start, the wait, the attempt and the note", () => {
    const t = trace(1, 1000, 100);
    const s = span(3, 1, 1010, 1060, {
      kind: "call",
      target: "b",
      attempt: 2,
      outcome: "timeout",
      note: "timeout after 50 ms",
    });
    expect(spanDetails(s, t)).toEqual([
      ["Kind", "call attempt"],
      ["Component", "a"],
      ["Calls", "b"],
      ["Operation", "s3"],
      ["Start", "+10 ms"],
      ["Duration", "50 ms"],
      ["Outcome", "◷ timeout"],
      ["Attempt", "2"],
      ["Note", "timeout after 50 ms"],
    ]);
    const e = span(4, 3, 1010, 1060, { replica: 1, wait: { startMs: 1010, endMs: 1030 } });
    expect(spanDetails(e, t).slice(6)).toEqual([
      ["Replica", "#1"],
      ["Waited", "20 ms from +10 ms"],
    ]);
  });
});
